#!/usr/bin/env bash
# Installs everything, then starts the Temporal dev server and the portal
# (frontend :3000, backend :7007 with the in-process worker).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export PATH="$HOME/.local/bin:$PATH"
bash scripts/temporal-dev.sh
# backstage-cli resolves a relative --config from each package's own folder,
# so every config file is passed as an absolute path.
root=$PWD
configs=(--config "$root/app-config.yaml")
# PostgreSQL and Redis on this machine are used when they answer (health page,
# shared router state); otherwise sqlite in memory and per-replica state.
if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  echo "Using PostgreSQL 127.0.0.1:5432 and Redis 127.0.0.1:6379 (app-config.services.yaml)"
  configs+=(--config "$root/app-config.services.yaml")
fi
[[ -f app-config.local.yaml ]] && configs+=(--config "$root/app-config.local.yaml")
echo "Temporal UI: http://localhost:8233   Portal: http://localhost:3000"
exec yarn start "${configs[@]}"
