#!/usr/bin/env bash
# The browser suite: builds the frontend, starts a Temporal dev server, the
# local Gitea forge and the backend (which serves the built frontend on
# :7007), then runs Playwright in Debian's headless Chromium
# (packages/*/e2e-tests). Screenshots go to .data/e2e-artifacts, results to
# .data/e2e-results.json. Assumes bootstrap ran.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.local/bin:$PATH"
mkdir -p .data/e2e-artifacts
QL_CHROMIUM_PATH=$(bash scripts/ensure-chromium.sh) || exit 1
export QL_CHROMIUM_PATH
temporal=$(bash scripts/ensure-temporal.sh) || exit 1

pids=()
stop_kube() { :; }
stop_forge() { :; }
cleanup() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  stop_kube
  stop_forge
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

# A real API server with the production overlay for the health page's posture
# (scripts/real-kube.mjs; its binaries come from scripts/ensure-kube.sh). Off
# with QL_E2E_KUBE=0; outside CI a failure to start only leaves the posture
# not configured, in CI it fails the suite.
kube_configs=()
kube_dir=.data/e2e-kube
if [[ "${QL_E2E_KUBE:-1}" != 0 ]]; then
  echo "==> starting a real API server with deploy/overlays/production"
  node scripts/real-kube.mjs stop "$kube_dir" > /dev/null 2>&1
  rm -rf "$kube_dir"
  if kube_json=$(node scripts/real-kube.mjs start "$kube_dir" 2> .data/e2e-kube.log | tail -1); then
    read -r QL_E2E_KUBE_SERVER QL_E2E_KUBE_CA kube_kubectl kube_config < <(node -e '
      const k = JSON.parse(process.argv[1]);
      console.log([k.server, k.caData, k.kubectl, k.kubeconfig].join(" "));' "$kube_json")
    QL_E2E_KUBE_TOKEN=$("$kube_kubectl" --kubeconfig "$kube_config" -n quantumlayer \
      create token quantumlayer-gateway --duration 1h)
    export QL_E2E_KUBE_SERVER QL_E2E_KUBE_CA QL_E2E_KUBE_TOKEN
    kube_configs=(--config ../../e2e/app-config.e2e-kube.yaml)
    stop_kube() { node scripts/real-kube.mjs stop "$kube_dir" > /dev/null 2>&1; }
  elif [[ "${CI:-}" == true ]]; then
    echo "e2e: the real API server did not start:" >&2
    tail -20 .data/e2e-kube.log >&2
    exit 1
  else
    echo "e2e: no real API server (.data/e2e-kube.log); the posture stays not configured" >&2
  fi
fi

# The local forge the publishing template pushes to (scripts/gitea-dev.sh);
# stopped afterwards only when this script started it.
echo "==> starting the local Gitea forge"
forge_was_up=$(curl -s -m 2 -o /dev/null -w '%{http_code}' http://127.0.0.1:${QL_GITEA_PORT:-3300}/api/healthz || true)
forge=$(bash scripts/gitea-dev.sh) || { echo "e2e: the local Gitea did not start" >&2; exit 1; }
if [[ "$forge_was_up" != 200 ]]; then stop_forge() { bash scripts/gitea-dev.sh stop; }; fi
QL_GITEA_URL=$(sed -n 's/^QL_GITEA_URL=//p' <<<"$forge")
QL_GITEA_TOKEN=$(cat "$(sed -n 's/^QL_GITEA_TOKEN_FILE=//p' <<<"$forge")")
export QL_GITEA_URL QL_GITEA_TOKEN

echo "==> starting the backend on :7007"
setsid yarn workspace backend start --config ../../app-config.yaml \
  --config ../../e2e/app-config.e2e.yaml --config ../../app-config.gitea.yaml \
  "${kube_configs[@]}" > .data/e2e-backend.log 2>&1 &
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
