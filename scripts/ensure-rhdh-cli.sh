#!/usr/bin/env bash
# Installs Red Hat Developer Hub's CLI (`rhdh-cli`, which exports dynamic
# plugins) into the user cache, outside the workspace: it brings its own
# @backstage/cli and webpack, which must not enter this repo's lockfile.
# Idempotent; prints the path of the `rhdh-cli` binary.
set -euo pipefail
VERSION=1.9.1
dir="${XDG_CACHE_HOME:-$HOME/.cache}/quantumlayer/rhdh-cli-$VERSION"
bin="$dir/node_modules/.bin/rhdh-cli"
if [[ ! -x $bin ]]; then
  mkdir -p "$dir"
  echo "==> installing @red-hat-developer-hub/cli@$VERSION into $dir" >&2
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error \
    "@red-hat-developer-hub/cli@$VERSION" >&2)
fi
echo "$bin"
