#!/usr/bin/env bash
# Prints two lines: the path of a Gitea binary and its static root (the folder
# holding Gitea's `options/`: locales, licences, gitignores), building Gitea
# into the user cache when missing or of another version.
#
# Gitea is a Go module (code.gitea.io/gitea; v1.27 renamed the module path, so
# this stays on 1.26). Built in a throwaway wrapper module whose go.mod copies
# Gitea's own `replace` lines (they name module versions, so a dependent can
# use them), with sqlite compiled in (CGO) so a forge needs no database server.
# Without the `bindata` tag Gitea reads `options/` from [server]
# STATIC_ROOT_PATH at run time: the module's folder is copied next to the
# binary. The web UI's JavaScript is not part of the module; the REST API and
# git over HTTP, which the templates use, work without it.
# Cold (empty Go build cache, 2 cores): about 6 minutes; warm: instant.
set -euo pipefail
GITEA_VERSION="${GITEA_VERSION:-v1.26.0}"
cache="${QUANTUMLAYER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/quantumlayer}"
bin="$cache/bin/gitea"
static="$cache/share/gitea-$GITEA_VERSION"

if [[ ! -x "$bin" || "$(cat "$cache/bin/.gitea.version" 2>/dev/null)" != "$GITEA_VERSION" \
      || ! -d "$static/options/locale" ]]; then
  command -v go >/dev/null || {
    echo "ensure-gitea: no Go toolchain to build Gitea; install Go 1.26+ or put gitea at $bin" >&2; exit 1; }
  command -v gcc >/dev/null || {
    echo "ensure-gitea: Gitea's sqlite driver needs a C compiler (gcc)" >&2; exit 1; }
  echo "ensure-gitea: building Gitea $GITEA_VERSION (once, minutes)..." >&2
  mkdir -p "$cache/bin" "$cache/share"
  ( work=$(mktemp -d "${TMPDIR:-/tmp}/ensure-gitea.XXXXXX")
    trap "rm -rf '$work'" EXIT
    cd "$work"
    export GOWORK=off GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod"
    printf 'module quantumlayer.local/gitea-build\n\ngo 1.26.0\n' > go.mod
    gomod=$(go mod download -json "code.gitea.io/gitea@$GITEA_VERSION" |
      sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')
    dir=$(go mod download -json "code.gitea.io/gitea@$GITEA_VERSION" |
      sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
    [[ -f "$gomod" && -d "$dir/options" ]] || {
      echo "ensure-gitea: could not download code.gitea.io/gitea@$GITEA_VERSION" >&2; exit 1; }
    # Single-line replaces (`replace a => b v`) and replace blocks alike.
    awk '/^replace \(/ { block = 1; print; next }
         block { print; if ($0 ~ /^\)/) block = 0; next }
         /^replace / { print }' "$gomod" >> go.mod
    go get "code.gitea.io/gitea@$GITEA_VERSION" >&2
    CGO_ENABLED=1 go build -trimpath -tags "sqlite sqlite_unlock_notify" \
      -ldflags "-s -w -X main.Version=${GITEA_VERSION#v}" -o gitea code.gitea.io/gitea >&2
    rm -rf "$static.tmp" && mkdir -p "$static.tmp"
    cp -r "$dir/options" "$static.tmp/options"
    chmod -R u+w,a+rX "$static.tmp"
    rm -rf "$static" && mv "$static.tmp" "$static"
    mv -f gitea "$bin"
    echo "$GITEA_VERSION" > "$cache/bin/.gitea.version" )
fi
printf '%s\n' "$bin" "$static"
