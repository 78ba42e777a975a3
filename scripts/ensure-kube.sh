#!/usr/bin/env bash
# Prints the paths of etcd, kube-apiserver and kubectl (one per line, in that
# order), building them into the user cache when missing or of another version.
# Both come from the Go module proxy, each in a throwaway wrapper module:
#  - Kubernetes: k8s.io/kubernetes replaces its staging modules (k8s.io/api, ...)
#    with ./staging folders, which a dependent cannot use, so the wrapper's
#    go.mod maps each of them to the published k8s.io/<name> v0.<minor>.<patch>.
#    The list is derived from kubernetes' own go.mod, so a new staging module is
#    picked up. -ldflags set the version (else it reports v0.0.0-master).
#  - etcd: go.etcd.io/etcd/server/v3 (its main package), in a module of its own.
# Cold (empty Go build cache, 2 cores): about 8 minutes for all three; warm: instant.
set -euo pipefail
KUBERNETES_VERSION="${KUBERNETES_VERSION:-v1.37.2}"
ETCD_VERSION="${ETCD_VERSION:-v3.7.3}"
cache="${QUANTUMLAYER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/quantumlayer}"
mkdir -p "$cache/bin"

fresh() { # name version
  [[ -x "$cache/bin/$1" && "$(cat "$cache/bin/.$1.version" 2>/dev/null)" == "$2" ]]
}
need_go() {
  command -v go >/dev/null || {
    echo "ensure-kube: no Go toolchain to build $1; install Go 1.26+ or put $1 at $cache/bin/$1" >&2; exit 1; }
}
wrapper() { # module-name: cd into a fresh wrapper module, removed when the subshell exits
  local work
  work=$(mktemp -d "${TMPDIR:-/tmp}/ensure-kube.XXXXXX")
  trap "rm -rf '$work'" EXIT
  cd "$work"
  printf 'module quantumlayer.local/%s\n\ngo 1.26.0\n' "$1" > go.mod
}
install_bin() { # name built-file version
  mv -f "$2" "$cache/bin/$1"
  echo "$3" > "$cache/bin/.$1.version"
}
export GOWORK=off GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod"

if ! fresh etcd "$ETCD_VERSION"; then
  need_go etcd
  echo "ensure-kube: building etcd $ETCD_VERSION (once)..." >&2
  ( wrapper etcd-build
    go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >&2
    go build -trimpath -o etcd go.etcd.io/etcd/server/v3 >&2
    install_bin etcd etcd "$ETCD_VERSION" )
fi

if ! fresh kube-apiserver "$KUBERNETES_VERSION" || ! fresh kubectl "$KUBERNETES_VERSION"; then
  need_go kube-apiserver
  echo "ensure-kube: building kube-apiserver and kubectl $KUBERNETES_VERSION (once, minutes)..." >&2
  ( wrapper kube-build
    gomod=$(go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" |
      sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')
    [[ -f "$gomod" ]] || { echo "ensure-kube: no go.mod for k8s.io/kubernetes@$KUBERNETES_VERSION" >&2; exit 1; }
    staging="v0.${KUBERNETES_VERSION#v1.}"
    # Staging modules: replaced by ./staging/src/k8s.io/<name> and required as v0.0.0.
    replaced=$(sed -n 's|^[[:space:]]*\(k8s\.io/[^[:space:]]*\) => \./staging/src/.*|\1|p' "$gomod" | sort)
    required=$(sed -n 's|^[[:space:]]*\(k8s\.io/[^[:space:]]*\) v0\.0\.0$|\1|p' "$gomod" | sort)
    [[ -n "$replaced" ]] || { echo "ensure-kube: found no staging replacements in $gomod" >&2; exit 1; }
    { echo; echo 'replace ('
      comm -12 <(echo "$replaced") <(echo "$required") | sed "s|.*|	& => & $staging|"
      echo ')'; } >> go.mod
    go get "k8s.io/kubernetes/cmd/kube-apiserver@$KUBERNETES_VERSION" \
      "k8s.io/kubernetes/cmd/kubectl@$KUBERNETES_VERSION" >&2
    minor="${KUBERNETES_VERSION#v1.}"; minor="${minor%%.*}"
    v=k8s.io/component-base/version
    ldflags="-s -w -X $v.gitVersion=$KUBERNETES_VERSION -X $v.gitMajor=1 -X $v.gitMinor=$minor -X $v.gitTreeState=clean"
    for cmd in kube-apiserver kubectl; do
      go build -trimpath -ldflags "$ldflags" -o "$cmd" "k8s.io/kubernetes/cmd/$cmd" >&2
    done
    install_bin kube-apiserver kube-apiserver "$KUBERNETES_VERSION"
    install_bin kubectl kubectl "$KUBERNETES_VERSION" )
fi

printf '%s\n' "$cache/bin/etcd" "$cache/bin/kube-apiserver" "$cache/bin/kubectl"
