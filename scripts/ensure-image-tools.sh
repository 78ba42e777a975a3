#!/usr/bin/env bash
# Makes the tools that build and run the production image available, from
# Debian's packages, idempotently: buildah (builds the Dockerfile without a
# Docker engine), podman + runc (run it), debootstrap (the local base image,
# scripts/build-base-image.sh). Needs root and apt-get; prints nothing when
# everything is there.
set -euo pipefail

need=()
for pair in buildah:buildah podman:podman runc:runc debootstrap:debootstrap \
  newuidmap:uidmap fuse-overlayfs:fuse-overlayfs; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair#*:}")
done
[[ ${#need[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-image-tools: install Debian's ${need[*]} (needs root and apt-get)" >&2
  exit 1
fi
echo "==> installing ${need[*]}"
log=$(mktemp -t ql-apt-image-tools.XXXXXX)
if ! (apt-get -o DPkg::Lock::Timeout=300 update -qq &&
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
    --no-install-recommends "${need[@]}") >"$log" 2>&1; then
  echo "ensure-image-tools: apt-get failed; see $log" >&2
  exit 1
fi
rm -f "$log"
