#!/usr/bin/env bash
# Starts the Temporal dev server (UI on :8233) unless one already answers on
# :7233, with a sqlite file under .data/ and the search attributes we use.
# Prints nothing on success; leaves the server running in the background.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${TEMPORAL_PORT:-7233}"
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then exit 0; fi
temporal=$(bash scripts/ensure-temporal.sh)
mkdir -p .data
nohup "$temporal" server start-dev \
  --ip 127.0.0.1 --port "$port" --ui-port "${TEMPORAL_UI_PORT:-8233}" \
  --db-filename .data/temporal.db \
  --search-attribute CodegenStage=Keyword \
  --log-level warn > .data/temporal.log 2>&1 &
echo $! > .data/temporal.pid
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then exit 0; fi
  sleep 0.2
done
echo "temporal-dev: the dev server did not open :$port; see .data/temporal.log" >&2
exit 1
