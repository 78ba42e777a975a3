#!/usr/bin/env bash
# A two-role deployment on loopback with the real backend and real Backstage
# auth: the gateway (portal + workers, :7007) and the LLM router role (:7010)
# on the machine's PostgreSQL, plus a Temporal dev server. Starts one
# generation through the gateway's REST API and shows that the router role
# served and billed its LLM calls. Logs in .data/split-*.log.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export PATH="$HOME/.local/bin:$PATH"
temporal=$(bash scripts/ensure-temporal.sh)
mkdir -p .data
for port in 7007 7010; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "split-local: something already listens on :$port; stop it first" >&2
    exit 1
  fi
done

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
export QL_SPLIT_TEMPORAL_PORT=$(free_port)
rm -f .data/split-temporal.db
setsid "$temporal" server start-dev --headless --ip 127.0.0.1 --port "$QL_SPLIT_TEMPORAL_PORT" \
  --db-filename .data/split-temporal.db --search-attribute CodegenStage=Keyword \
  --search-attribute QuantumlayerOwner=Keyword --search-attribute QuantumlayerGroup=Keyword \
  --log-level error > .data/split-temporal.log 2>&1 &
pids+=($!)

start_role() { # name, metrics port
  QL_METRICS_PORT=$2 setsid yarn workspace backend start --config ../../app-config.yaml \
    --config "../../e2e/split/app-config.$1.yaml" > ".data/split-$1.log" 2>&1 &
  pids+=($!)
}
wait_ready() { # port, name, plugin
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$1/api/$3/ready" > /dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "split-local: the $2 role did not get ready; last log lines:" >&2
  tail -30 ".data/split-$2.log" >&2
  return 1
}
echo "==> gateway role (portal + workers) on :7007"
start_role gateway 9464
wait_ready 7007 gateway quantumlayer
echo "==> router role on :7010"
start_role router 9465
wait_ready 7010 router quantumlayer-router

token=ql-dev-token-do-not-use-in-production
echo "==> POST /v1/workflows/generate-extended on the gateway"
id=$(curl -sf -X POST http://127.0.0.1:7007/api/quantumlayer/v1/workflows/generate-extended \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"prompt":"A function that adds two numbers","language":"python","type":"function","generate_tests":true,"requirements":{"project_name":"SplitAdd"}}' |
  node -pe 'JSON.parse(require("fs").readFileSync(0)).workflow_id')
status=running
for _ in $(seq 1 240); do
  status=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:7007/api/quantumlayer/v1/workflows/$id" |
    node -pe 'JSON.parse(require("fs").readFileSync(0)).status')
  [[ $status != running ]] && break
  sleep 0.5
done
echo "workflow $id: $status"
echo "==> the router role's ledger (GET /v1/usage?groupBy=user on :7010)"
curl -sf -H "Authorization: Bearer $token" 'http://127.0.0.1:7010/api/quantumlayer-router/v1/usage?groupBy=user'
echo
echo "==> the gateway's llmRouter health check (remote)"
curl -sf -H "Authorization: Bearer $token" http://127.0.0.1:7007/api/quantumlayer/health/details |
  node -pe 'JSON.parse(require("fs").readFileSync(0)).checks.find(c => c.name === "llmRouter").message'
[[ $status == completed ]]
