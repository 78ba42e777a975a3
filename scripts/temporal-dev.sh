#!/usr/bin/env bash
# Starts the Temporal dev server (UI on :8233) unless one already answers on
# :7233, with a sqlite file under .data/ and the search attributes we use.
# A server already running gets those attributes registered (idempotent), so
# one started before an attribute was added keeps accepting new runs.
# Prints nothing on success; leaves the server running in the background.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${TEMPORAL_PORT:-7233}"
attributes=(CodegenStage QuantumlayerOwner QuantumlayerGroup)
temporal=$(bash scripts/ensure-temporal.sh)
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  # One --type per --name: the CLI pairs them by position.
  create_flags=()
  for name in "${attributes[@]}"; do create_flags+=(--name "$name" --type Keyword); done
  if ! "$temporal" operator search-attribute create --address "127.0.0.1:$port" \
    --namespace default "${create_flags[@]}" >/dev/null; then
    echo "temporal-dev: could not register ${attributes[*]} on :$port; new runs fail without them" >&2
  fi
  exit 0
fi
start_flags=()
for name in "${attributes[@]}"; do start_flags+=(--search-attribute "$name=Keyword"); done
mkdir -p .data
nohup "$temporal" server start-dev \
  --ip 127.0.0.1 --port "$port" --ui-port "${TEMPORAL_UI_PORT:-8233}" \
  --db-filename .data/temporal.db \
  "${start_flags[@]}" \
  --log-level warn > .data/temporal.log 2>&1 &
echo $! > .data/temporal.pid
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then exit 0; fi
  sleep 0.2
done
echo "temporal-dev: the dev server did not open :$port; see .data/temporal.log" >&2
exit 1
