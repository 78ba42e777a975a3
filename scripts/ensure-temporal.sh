#!/usr/bin/env bash
# Prints the path of a Temporal CLI, building it with `go install` into the
# user cache when none is on PATH. The build takes minutes once, then is cached.
set -euo pipefail
TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
cache="${QUANTUMLAYER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/quantumlayer}"
if [[ -n "${TEMPORAL_CLI_PATH:-}" && -x "$TEMPORAL_CLI_PATH" ]]; then
  echo "$TEMPORAL_CLI_PATH"; exit 0
fi
if command -v temporal >/dev/null 2>&1; then
  command -v temporal; exit 0
fi
bin="$cache/bin/temporal"
if [[ ! -x "$bin" ]]; then
  command -v go >/dev/null || { echo "ensure-temporal: no 'temporal' on PATH and no Go toolchain to build it" >&2; exit 1; }
  echo "ensure-temporal: building temporal CLI $TEMPORAL_CLI_VERSION with go install (once)..." >&2
  mkdir -p "$cache/bin"
  GOBIN="$cache/bin" GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION" >&2
fi
echo "$bin"
