#!/usr/bin/env bash
# The browser suite: builds the frontend, starts a Temporal dev server and the
# backend (which serves the built frontend on :7007), then runs Playwright in
# Debian's headless Chromium (packages/*/e2e-tests). Screenshots go to
# .data/e2e-artifacts, results to .data/e2e-results.json. Assumes bootstrap ran.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.local/bin:$PATH"
mkdir -p .data/e2e-artifacts
QL_CHROMIUM_PATH=$(bash scripts/ensure-chromium.sh) || exit 1
export QL_CHROMIUM_PATH
temporal=$(bash scripts/ensure-temporal.sh) || exit 1

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
}
trap cleanup EXIT

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
if (exec 3<>/dev/tcp/127.0.0.1/7007) 2>/dev/null; then
  echo "e2e: something already listens on :7007; stop it first" >&2
  exit 1
fi

if [[ -n "${QL_E2E_SKIP_BUILD:-}" && -f packages/app/dist/index.html ]]; then
  echo "==> reusing packages/app/dist (QL_E2E_SKIP_BUILD)"
else
  echo "==> building the frontend (packages/app/dist)"
  yarn workspace app build > .data/e2e-app-build.log 2>&1 || { tail -30 .data/e2e-app-build.log; exit 1; }
fi

export QL_E2E_TEMPORAL_PORT=$(free_port) QL_E2E_TEMPORAL_UI_PORT=$(free_port)
rm -f .data/e2e-temporal.db
setsid "$temporal" server start-dev --ip 127.0.0.1 --port "$QL_E2E_TEMPORAL_PORT" \
  --ui-port "$QL_E2E_TEMPORAL_UI_PORT" --db-filename .data/e2e-temporal.db \
  --search-attribute CodegenStage=Keyword \
  --search-attribute QuantumlayerOwner=Keyword --search-attribute QuantumlayerGroup=Keyword \
  --log-level error > .data/e2e-temporal.log 2>&1 &
pids+=($!)

echo "==> starting the backend on :7007"
setsid yarn workspace backend start --config ../../app-config.yaml \
  --config ../../e2e/app-config.e2e.yaml > .data/e2e-backend.log 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do
  if curl -sf http://localhost:7007/api/quantumlayer/ready > /dev/null 2>&1; then break; fi
  sleep 0.5
done
if ! curl -sf http://localhost:7007/api/quantumlayer/ready > /dev/null; then
  echo "e2e: the backend did not get ready; last log lines:" >&2
  tail -40 .data/e2e-backend.log >&2
  exit 1
fi

echo "==> playwright (chromium: $QL_CHROMIUM_PATH)"
rm -f .data/e2e-results.json
QL_E2E=1 CI=true yarn playwright test
