#!/usr/bin/env bash
# Prints the paths of kustomize and kubeconform (one per line, in that order),
# building them with `go install` into the user cache when missing. Pinned
# versions; kustomize v5.8.0 is the newest that builds on Go 1.26 (v5.8.3
# needs Go 1.27). Cold cache: about 40 s.
set -euo pipefail
KUSTOMIZE_VERSION="${KUSTOMIZE_VERSION:-v5.8.0}"
KUBECONFORM_VERSION="${KUBECONFORM_VERSION:-v0.8.0}"
cache="${QUANTUMLAYER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/quantumlayer}"
mkdir -p "$cache/bin"

ensure() { # name module version
  local bin="$cache/bin/$1"
  local stamp="$cache/bin/.$1.version"
  if [[ ! -x "$bin" || "$(cat "$stamp" 2>/dev/null)" != "$3" ]]; then
    command -v go >/dev/null || { echo "ensure-deploy-tools: no Go toolchain to build $1 $3; install Go 1.22+ or put $1 at $bin" >&2; exit 1; }
    echo "ensure-deploy-tools: building $1 $3 with go install (once)..." >&2
    GOBIN="$cache/bin" GOFLAGS=-mod=mod go install "$2@$3" >&2
    echo "$3" > "$stamp"
  fi
  echo "$bin"
}
ensure kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION"
ensure kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION"
