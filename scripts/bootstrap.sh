#!/usr/bin/env bash
# Installs everything the portal and the tests need, idempotently:
# Yarn (through corepack), the workspace's packages, and the Temporal CLI.
set -euo pipefail
cd "$(dirname "$0")/.."

export COREPACK_NPM_REGISTRY="${COREPACK_NPM_REGISTRY:-$(npm config get registry 2>/dev/null | sed 's:/*$::')}"
export COREPACK_DEFAULT_TO_LATEST=0 COREPACK_ENABLE_DOWNLOAD_PROMPT=0
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
corepack enable >/dev/null 2>&1 || corepack enable --install-directory "$HOME/.local/bin"
export PATH="$HOME/.local/bin:$PATH"

# A no-change install takes seconds; skip it entirely when the lockfile is unchanged.
stamp=node_modules/.ql-install-stamp
lock_sum=$(cat yarn.lock package.json packages/*/package.json plugins/*/package.json | sha256sum | cut -d' ' -f1)
if [[ ! -f $stamp || "$(cat "$stamp")" != "$lock_sum" ]]; then
  echo "==> yarn install"
  yarn install --immutable 2>&1 | { grep -vE '^➤ YN00(07|08|13|60|86|02)' || true; } | tail -20
  echo "$lock_sum" > "$stamp"
fi

bash scripts/ensure-temporal.sh >/dev/null
bash scripts/ensure-sandbox.sh
