#!/usr/bin/env bash
# Installs everything, then runs every test suite (type check, lint, import
# cycles (scripts/check-cycles.mjs), API reports (api-extractor), deploy/
# render + schema + policy checks (scripts/validate-deploy.sh), deploy/ applied
# to a real API server (scripts/apply-deploy.sh: etcd + kube-apiserver), all Jest
# projects against real PostgreSQL and sqlite, Temporal dev servers and loopback
# HTTP servers, the fault-injection suite (yarn test:faults), the backend
# packages exported as RHDH dynamic plugins and loaded by Backstage's dynamic
# feature service (scripts/dynamic-plugins.mjs), then the browser
# suite in headless Chromium: scripts/e2e.sh), then the README smoke suite:
# README command 1 as written in a fresh clone of HEAD, the README's curl
# block, the example template through the scaffolder (scripts/smoke/); then,
# as root, the production image smoke (scripts/image-smoke.sh).
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

echo "==> import cycles (yarn lint:cycles: files, and folders under each package's src/)"
cycles_failed=0
yarn lint:cycles || cycles_failed=1

echo "==> API reports (yarn build:api-reports --ci: each package's report.api.md matches its exports)"
api_failed=0
yarn build:api-reports --ci || api_failed=1

echo "==> deploy/ (kustomize render, kubeconform -strict on vendored schemas, policy tests)"
deploy_failed=0
bash scripts/validate-deploy.sh || deploy_failed=1

echo "==> deploy/ on a real API server (etcd + kube-apiserver, CRDs, server-side apply of every overlay)"
kube_failed=0
bash scripts/apply-deploy.sh --fresh || kube_failed=1

echo "==> jest (all packages)"
rm -f .data/jest-results.json
CI=true yarn backstage-cli repo test --ci --json --outputFile="$PWD/.data/jest-results.json"
jest_status=$?

echo "==> fault-injection suite (yarn test:faults; table in .data/faults-table.md)"
rm -f .data/faults-results.json
yarn test:faults --ci --json --outputFile="$PWD/.data/faults-results.json"
faults_status=$?

echo "==> dynamic plugins (rhdh-cli plugin export of each backend package, loaded by backend-dynamic-feature-service)"
dynamic_failed=0
rm -f .data/dynamic-plugins-results.json
node scripts/dynamic-plugins.mjs || dynamic_failed=1

echo "==> browser suite (headless Chromium against the running portal)"
e2e_failed=0
bash scripts/e2e.sh || e2e_failed=1

echo "==> README smoke suite (README command 1 in a fresh clone of HEAD, curl block, template)"
smoke_failed=0
rm -f .data/readme-smoke-results.json
node scripts/smoke/readme-smoke.mjs || smoke_failed=1

echo "==> production image smoke (scripts/image-smoke.sh: build, run with podman, one isolated run)"
image_failed=0 image_skipped=0
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  bash scripts/image-smoke.sh || image_failed=1
else
  echo "image smoke skipped: it needs root and apt-get (podman, buildah, debootstrap from Debian)"
  image_skipped=1
fi

node -e '
const fs = require("fs");
const imageSkipped = Number(process.argv[7]);
const checks = [Number(process.argv[1]), Number(process.argv[2]), Number(process.argv[4]), Number(process.argv[8]), Number(process.argv[9]), Number(process.argv[10])]; // tsc, lint, deploy, kube, cycles, API reports
if (!imageSkipped) checks.push(Number(process.argv[6])); // production image smoke
let e = { stats: { expected: 0, unexpected: 0, skipped: 0, flaky: 0 } };
try { e = JSON.parse(fs.readFileSync(".data/e2e-results.json", "utf8")); } catch {}
const e2eRunFailed = Number(process.argv[3]) && !e.stats.unexpected ? 1 : 0;
let r = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, numRuntimeErrorTestSuites: 0 };
try { r = JSON.parse(fs.readFileSync(".data/jest-results.json", "utf8")); } catch { r.numRuntimeErrorTestSuites = 1; }
let f = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, numRuntimeErrorTestSuites: 0 };
try { f = JSON.parse(fs.readFileSync(".data/faults-results.json", "utf8")); } catch { f.numRuntimeErrorTestSuites = 1; }
for (const k of Object.keys(f)) if (typeof f[k] === "number" && typeof r[k] === "number") r[k] += f[k];
const checksFailed = checks.filter(Boolean).length;
let s = { passed: 0, failed: 1 };
try { s = JSON.parse(fs.readFileSync(".data/readme-smoke-results.json", "utf8")); } catch {}
const smokeRunFailed = Number(process.argv[5]) && !s.failed ? 1 : 0;
let d = { passed: 0, failed: 1 };
try { d = JSON.parse(fs.readFileSync(".data/dynamic-plugins-results.json", "utf8")); } catch {}
const dynamicRunFailed = Number(process.argv[11]) && !d.failed ? 1 : 0;
const failed = r.numFailedTests + r.numRuntimeErrorTestSuites + checksFailed + e.stats.unexpected + e2eRunFailed + s.failed + smokeRunFailed + d.failed + dynamicRunFailed;
const passed = r.numPassedTests + checks.length - checksFailed + e.stats.expected + e.stats.flaky + s.passed + d.passed;
const skipped = r.numPendingTests + r.numTodoTests + e.stats.skipped + imageSkipped;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$tsc_failed" "$lint_failed" "$e2e_failed" "$deploy_failed" "$smoke_failed" "$image_failed" "$image_skipped" "$kube_failed" "$cycles_failed" "$api_failed" "$dynamic_failed"
[[ $dynamic_failed -eq 0 && $image_failed -eq 0 && $jest_status -eq 0 && $faults_status -eq 0 && $tsc_failed -eq 0 && $lint_failed -eq 0 && $e2e_failed -eq 0 && $deploy_failed -eq 0 && $kube_failed -eq 0 && $cycles_failed -eq 0 && $api_failed -eq 0 && $smoke_failed -eq 0 ]]
