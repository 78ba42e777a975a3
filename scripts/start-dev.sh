#!/usr/bin/env bash
# Installs everything, then starts the Temporal dev server, the local Gitea
# forge (:3300, scripts/gitea-dev.sh) and the portal (frontend :3000, backend
# :7007 with the in-process worker).
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
# The forge the publishing template pushes to; the portal runs without it
# (QL_GITEA=0 skips it), and then that template fails at its publish step.
if [[ "${QL_GITEA:-1}" != 0 ]]; then
  if forge=$(bash scripts/gitea-dev.sh); then
    token_file=$(sed -n 's/^QL_GITEA_TOKEN_FILE=//p' <<<"$forge")
    QL_GITEA_TOKEN=$(cat "$token_file"); export QL_GITEA_TOKEN
    configs+=(--config "$root/app-config.gitea.yaml")
    echo "Gitea: $(sed -n 's/^QL_GITEA_URL=//p' <<<"$forge") (organisation quantumlayer; token in $token_file)"
  else
    echo "start-dev: the local Gitea did not start; the publishing template cannot publish (see .data/gitea/log)" >&2
  fi
fi
[[ -f app-config.local.yaml ]] && configs+=(--config "$root/app-config.local.yaml")
echo "Temporal UI: http://localhost:8233   Portal: http://localhost:3000"
exec yarn start "${configs[@]}"
