#!/usr/bin/env bash
# Installs everything, then runs every test suite (type check, then all Jest
# projects against real PostgreSQL, Redis-free sqlite, and Temporal dev servers).
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

echo "==> jest (all packages)"
rm -f .data/jest-results.json
CI=true yarn backstage-cli repo test --ci --json --outputFile="$PWD/.data/jest-results.json"
jest_status=$?

node -e '
const fs = require("fs");
const tscFailed = Number(process.argv[1]);
let r = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, numRuntimeErrorTestSuites: 0 };
try { r = JSON.parse(fs.readFileSync(".data/jest-results.json", "utf8")); } catch { r.numRuntimeErrorTestSuites = 1; }
const failed = r.numFailedTests + r.numRuntimeErrorTestSuites + tscFailed;
console.log(`${r.numPassedTests + (tscFailed ? 0 : 1)} passed, ${failed} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' "$tsc_failed"
[[ $jest_status -eq 0 && $tsc_failed -eq 0 ]]
