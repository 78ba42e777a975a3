#!/usr/bin/env bash
# Installs everything, then runs every test suite (type check, lint, then all Jest
# projects against real PostgreSQL and sqlite, Temporal dev servers and loopback HTTP servers).
# Ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh || { echo "0 passed, 1 failed"; exit 1; }
export PATH="$HOME/.local/bin:$PATH"
TEMPORAL_CLI_PATH=$(bash scripts/ensure-temporal.sh) || { echo "0 passed, 1 failed"; exit 1; }
export TEMPORAL_CLI_PATH
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"
mkdir -p .data

echo "==> yarn tsc"
tsc_failed=0
yarn tsc || tsc_failed=1

echo "==> lint (workflow files: no Node built-ins, SDKs or server packages)"
lint_failed=0
yarn backstage-cli repo lint || lint_failed=1

echo "==> jest (all packages)"
rm -f .data/jest-results.json
CI=true yarn backstage-cli repo test --ci --json --outputFile="$PWD/.data/jest-results.json"
jest_status=$?

node -e '
const fs = require("fs");
const checks = [Number(process.argv[1]), Number(process.argv[2])]; // tsc, lint
let r = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, numRuntimeErrorTestSuites: 0 };
try { r = JSON.parse(fs.readFileSync(".data/jest-results.json", "utf8")); } catch { r.numRuntimeErrorTestSuites = 1; }
const checksFailed = checks.filter(Boolean).length;
const failed = r.numFailedTests + r.numRuntimeErrorTestSuites + checksFailed;
const passed = r.numPassedTests + checks.length - checksFailed;
console.log(`${passed} passed, ${failed} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' "$tsc_failed" "$lint_failed"
[[ $jest_status -eq 0 && $tsc_failed -eq 0 && $lint_failed -eq 0 ]]
