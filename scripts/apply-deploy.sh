#!/usr/bin/env bash
# Applies every deploy/ overlay to a real Kubernetes API server (etcd +
# kube-apiserver, scripts/kube-dev.sh): renders each overlay with kustomize into
# .data/apply-deploy/<overlay>.yaml, then scripts/apply-deploy.mjs installs the
# CRDs the overlays need and applies them server-side (dry run, then for real),
# failing on any error, warning or silently dropped field.
#   bash scripts/apply-deploy.sh           into the running `kube-dev.sh start`
#                                          server, or a throwaway one if none runs
#   bash scripts/apply-deploy.sh --fresh   always a throwaway server (CI), stopped at exit
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t kube < <(bash scripts/ensure-kube.sh)
mapfile -t deploy_tools < <(bash scripts/ensure-deploy-tools.sh)
kustomize="${deploy_tools[0]}"

if [[ "${1:-}" != --fresh ]] && bash scripts/kube-dev.sh env >/dev/null 2>&1; then
  dir="${KUBE_DEV_DIR:-.data/kube}"
  echo "==> using the running kube-dev server ($dir/kubeconfig)"
else
  export KUBE_DEV_DIR=.data/kube-apply
  dir=$KUBE_DEV_DIR
  trap 'bash scripts/kube-dev.sh stop' EXIT
  trap 'exit 130' INT TERM
  echo "==> starting a throwaway API server in $dir"
  bash scripts/kube-dev.sh start >/dev/null
fi

out=.data/apply-deploy
rm -rf "$out" && mkdir -p "$out"
for overlay in deploy/overlays/*/; do
  "$kustomize" build "$overlay" > "$out/$(basename "$overlay").yaml"
done
KUBECTL="${kube[2]}" KUBECONFIG="$PWD/$dir/kubeconfig" node scripts/apply-deploy.mjs "$out"/*.yaml
rss() { ps -o rss= -p "$(cat "$dir/$1.pid")" | awk '{ printf "%d MiB", $1 / 1024 }'; }
echo "RSS after apply: kube-apiserver $(rss kube-apiserver), etcd $(rss etcd)"
