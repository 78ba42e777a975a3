#!/usr/bin/env bash
# Production image smoke test. Builds the image (scripts/build-image.sh; skip
# with --no-build), then runs it with podman as production runs it:
# NODE_ENV=production, app-config.yaml + app-config.production.yaml with the
# secrets from the environment, the machine's PostgreSQL (127.0.0.1:5432,
# user postgres) and Redis (127.0.0.1:6379), a private Temporal dev server,
# one openai-compatible provider pointing at the workflow tests' scripted
# model on loopback (plugins/quantumlayer-backend/dev/scripted-model-server.ts),
# host networking, and the sandbox worker's pod security (non-root, read-only
# root, no capabilities, no new privileges, unmasked /proc, seccomp
# unconfined: see deploy/README.md, "What the sandbox worker needs").
#
# 1. all roles in one process: start-to-ready time (container start until
#    GET /api/quantumlayer[-router]/ready answers 200) and idle RSS;
# 2. the router role alone (quantumlayer.roles: [router]), the same figures;
# 3. POST /v1/workflows/generate-extended (Python, tests) through the first,
#    waits for completed and asserts from the artifact manifest that every
#    sandboxed test run reported isolated: true.
#
# Idle RSS: the container's processes, sampled each second for
# QL_SMOKE_IDLE_SECONDS (default 90) with no requests; "first" is 5 s after
# ready (startup garbage not yet collected), "settled" the median of the last
# 10 s (V8 collects it after about a minute of idleness). Figures go to
# .data/image-smoke/figures.txt; logs are there too.
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE=${IMAGE:-quantumlayer-backend}
IDLE_SECONDS=${QL_SMOKE_IDLE_SECONDS:-90}
[[ ${1:-} == --no-build ]] || bash scripts/build-image.sh
export PATH="$HOME/.local/bin:$PATH"
temporal=$(bash scripts/ensure-temporal.sh)

out=.data/image-smoke
rm -rf "$out"
mkdir -p "$out/etc"
P=(podman --cgroup-manager=cgroupfs --runtime runc)
ALL=ql-image-smoke-all
ROUTER=ql-image-smoke-router

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for dep in 5432:PostgreSQL 6379:Redis; do
  if ! listening "${dep%%:*}"; then
    echo "image-smoke: ${dep#*:} does not answer on 127.0.0.1:${dep%%:*}" >&2
    exit 1
  fi
done

pids=()
cleanup() {
  "${P[@]}" logs "$ALL" >"$out/all.log" 2>&1 || true
  "${P[@]}" logs "$ROUTER" >"$out/router.log" 2>&1 || true
  "${P[@]}" rm -f -t 5 "$ALL" "$ROUTER" >/dev/null 2>&1 || true
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
"${P[@]}" rm -f "$ALL" "$ROUTER" >/dev/null 2>&1 || true

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
wait_for() { # description, seconds, command...
  local what=$1 deadline=$(($(date +%s) + $2))
  shift 2
  until "$@"; do
    if (($(date +%s) > deadline)); then
      echo "image-smoke: $what did not happen in time" >&2
      return 1
    fi
    sleep 0.1
  done
}

echo "==> Temporal dev server and the scripted model on loopback"
temporal_port=$(free_port)
setsid "$temporal" server start-dev --headless --ip 127.0.0.1 --port "$temporal_port" \
  --db-filename "$out/temporal.db" --search-attribute CodegenStage=Keyword \
  --search-attribute QuantumlayerOwner=Keyword --search-attribute QuantumlayerGroup=Keyword \
  --log-level error >"$out/temporal.log" 2>&1 &
pids+=($!)
setsid node --require @backstage/cli/config/nodeTransform.cjs \
  plugins/quantumlayer-backend/dev/scripted-model-server.ts >"$out/model.url" 2>"$out/model.log" &
pids+=($!)
wait_for "Temporal on :$temporal_port" 60 listening "$temporal_port"
wait_for "the scripted model" 60 test -s "$out/model.url"
model_url=$(head -1 "$out/model.url")

all_port=$(free_port) router_port=$(free_port)
secret() { node -p 'require("crypto").randomBytes(32).toString("hex")'; }
token="smoke-$(secret)"
cat >"$out/etc/app-config.smoke.yaml" <<EOF
# Written by scripts/image-smoke.sh: its own table prefix, one provider.
backend:
  database:
    prefix: ql_image_smoke_
quantumlayer:
  llm:
    providers:
      - type: openai-compatible
        id: scripted
        baseUrl: $model_url
        models: [scripted]
EOF
listener() { # port, gateway port
  cat <<EOF
app:
  baseUrl: http://127.0.0.1:$1
backend:
  baseUrl: http://127.0.0.1:$1
  listen: 127.0.0.1:$1
EOF
}
{
  listener "$all_port"
  printf 'quantumlayer:\n  gateway:\n    listen: { host: 127.0.0.1, port: %s }\n' "$(free_port)"
} >"$out/etc/app-config.all.yaml"
{
  listener "$router_port"
  cat <<EOF
discovery:
  endpoints:
    - target: http://127.0.0.1:$all_port/api/{{pluginId}}
      plugins: [auth, catalog, permission, scaffolder]
quantumlayer:
  roles: [router]
  gateway:
    listen: { host: 127.0.0.1, port: $(free_port) }
EOF
} >"$out/etc/app-config.router.yaml"
cat >"$out/env" <<EOF
POSTGRES_HOST=127.0.0.1
POSTGRES_PORT=5432
POSTGRES_USER=postgres
POSTGRES_PASSWORD=trust-auth-ignores-it
QUANTUMLAYER_API_TOKEN=$token
TEMPORAL_ADDRESS=127.0.0.1:$temporal_port
TEMPORAL_NAMESPACE=default
TEMPORAL_UI_URL=http://127.0.0.1:8233
QUANTUMLAYER_ROLE=all
QUANTUMLAYER_REDIS_URL=redis://127.0.0.1:6379/5
QUANTUMLAYER_ROUTER_CLAIM_SECRET=$(secret)
QL_METRICS_HOST=127.0.0.1
EOF

run_backend() { # container name, role config file
  "${P[@]}" run -d --name "$1" --network host \
    --ulimit "nofile=$(ulimit -Sn):$(ulimit -Hn)" --ulimit nproc=1024:1024 \
    --read-only --tmpfs /tmp --cap-drop=ALL --security-opt no-new-privileges \
    --security-opt 'unmask=/proc/*' --security-opt seccomp=unconfined \
    -v "$PWD/$out/etc:/etc/quantumlayer:ro" --env-file "$out/env" \
    -e "QL_METRICS_PORT=$(free_port)" \
    "$IMAGE" node --require ./instrumentation.js packages/backend \
    --config app-config.yaml --config app-config.production.yaml \
    --config /etc/quantumlayer/app-config.smoke.yaml --config "/etc/quantumlayer/$2" >/dev/null
}
ready() { curl -sf -m 2 "http://127.0.0.1:$1/api/${2:-quantumlayer}/ready" >/dev/null; }
start_measured() { # name, container, config, port, plugin
  local t0
  t0=$(now)
  run_backend "$2" "$3"
  if ! wait_for "the $1 backend's readiness" 180 ready "$4" "${5:-quantumlayer}"; then
    "${P[@]}" logs "$2" 2>&1 | tail -40 >&2
    return 1
  fi
  echo "$1: ready $(since "$t0") s after container start" | tee -a "$out/figures.txt"
}
in_tree() { # host pid, awk expression over $3 (rss) and $4 (stat): summed over the tree
  ps -e -o pid=,ppid=,rss=,stat= | awk -v root="$1" "{ parent[\$1] = \$2; v[\$1] = $2 }"'
    END {
      for (p in v) {
        for (q = p; q != "" && q != 0 && q != root; q = parent[q]) {}
        if (q == root) total += v[p]
      }
      print int(total)
    }'
}
rss_mib() { echo $(($(in_tree "$1" '$3') / 1024)); }
zombies() { in_tree "$1" '($4 ~ /^Z/)'; }

echo "==> all roles in one process"
start_measured "all roles" "$ALL" app-config.all.yaml "$all_port"
echo "==> router role alone"
start_measured "router role" "$ROUTER" app-config.router.yaml "$router_port" quantumlayer-router
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$router_port/api/quantumlayer-router/v1/models" |
  grep -q '"scripted/scripted"' || {
  echo "image-smoke: the router role does not list the scripted model" >&2
  exit 1
}

echo "==> idle RSS, sampled for ${IDLE_SECONDS} s"
all_pid=$("${P[@]}" inspect -f '{{.State.Pid}}' "$ALL")
router_pid=$("${P[@]}" inspect -f '{{.State.Pid}}' "$ROUTER")
sleep 5
for _ in $(seq 1 "$IDLE_SECONDS"); do
  echo "$(rss_mib "$all_pid") $(rss_mib "$router_pid")"
  sleep 1
done >"$out/rss.txt"
node -e '
  const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(l => l.split(" ").map(Number));
  const median = xs => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
  for (const [i, name] of [[0, "all roles"], [1, "router role"]]) {
    const col = rows.map(r => r[i]);
    console.log(`${name}: idle RSS ${median(col.slice(-10))} MiB settled, ${col[0]} MiB first, ${Math.max(...col)} MiB peak`);
  }' "$out/rss.txt" | tee -a "$out/figures.txt"

echo "==> POST /v1/workflows/generate-extended"
api="http://127.0.0.1:$all_port/api/quantumlayer/v1"
auth=(-H "Authorization: Bearer $token")
id=$(curl -sf -X POST "$api/workflows/generate-extended" "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"prompt":"A function that adds two numbers","language":"python","type":"function","generate_tests":true,"requirements":{"project_name":"smoke"}}' |
  node -pe 'JSON.parse(require("fs").readFileSync(0)).workflow_id')
status=running
t0=$(now)
for _ in $(seq 1 360); do
  curl -sf "${auth[@]}" "$api/workflows/$id" >"$out/workflow.json"
  status=$(node -pe 'JSON.parse(require("fs").readFileSync(process.argv[1])).status' "$out/workflow.json")
  [[ $status != running ]] && break
  sleep 0.5
done
if [[ $status != completed ]]; then
  echo "image-smoke: workflow $id is $status; see $out/workflow.json" >&2
  exit 1
fi
artifact=$(node -pe 'JSON.parse(require("fs").readFileSync(process.argv[1])).result.artifactId' "$out/workflow.json")
curl -sf "${auth[@]}" "$api/artifacts/$artifact" >"$out/artifact.json"
node -e '
  const { manifest } = JSON.parse(require("fs").readFileSync(process.argv[1]));
  const p = manifest.pipeline;
  const runs = [p.tests, ...p.repairs.map(r => r.tests)].filter(Boolean);
  const bad = runs.filter(t => t.isolated !== true);
  if (!p.tests || !p.tests.passed || bad.length) {
    console.error(`image-smoke: test runs ${JSON.stringify(runs.map(t => ({ passed: t.passed, isolated: t.isolated })))}`);
    process.exit(1);
  }
  console.log(`${runs.length} sandboxed test run(s), all isolated: true; tests passed`);
' "$out/artifact.json"
echo "workflow $id completed in $(since "$t0") s" | tee -a "$out/figures.txt"
# The sandbox's exited processes are reaped (tini is PID 1; Node would leave them).
if (($(zombies "$all_pid") > 0)); then
  echo "image-smoke: $(zombies "$all_pid") zombie process(es) in the container" >&2
  exit 1
fi
echo "image: $(podman image inspect --format '{{.Size}}' "$IMAGE" | numfmt --to=iec) ($IMAGE)" | tee -a "$out/figures.txt"
