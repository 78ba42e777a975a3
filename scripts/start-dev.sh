#!/usr/bin/env bash
# Installs everything, then starts the Temporal dev server and the portal
# (frontend :3000, backend :7007 with the in-process worker).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export PATH="$HOME/.local/bin:$PATH"
bash scripts/temporal-dev.sh
echo "Temporal UI: http://localhost:8233   Portal: http://localhost:3000"
exec yarn start
