#!/usr/bin/env bash
# Builds the production backend image from packages/backend/Dockerfile with
# buildah (no Docker engine needed), tagged quantumlayer-backend (IMAGE):
# installs what it needs (scripts/ensure-image-tools.sh, scripts/bootstrap.sh),
# type-checks, builds the backend bundle, builds the base image locally when it
# cannot be pulled (scripts/build-base-image.sh), then the image. Layers are
# cached, so a second run only rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE=${IMAGE:-quantumlayer-backend}

bash scripts/ensure-image-tools.sh
bash scripts/bootstrap.sh
export PATH="$HOME/.local/bin:$PATH"

echo "==> yarn build:backend (tsc, then the bundle)"
log=$(mktemp -t ql-build-backend.XXXXXX)
if ! yarn build:backend >"$log" 2>&1; then
  tail -40 "$log" >&2
  echo "build-image: yarn build:backend failed; full log in $log" >&2
  exit 1
fi
rm -f "$log"

bash scripts/build-base-image.sh

# Behind a TLS-intercepting proxy the first stage's Yarn needs its CA: a
# user-level .yarnrc.yml names it, both mounted into that stage's RUN steps
# only (built on its own first); the runtime stage then reuses the cached
# stage without them, so the image holds no trace of this machine.
work=$(mktemp -d -t ql-build-image.XXXXXX)
trap 'rm -rf "$work"' EXIT
mounts=()
if [[ -n ${NODE_EXTRA_CA_CERTS:-} && -f $NODE_EXTRA_CA_CERTS ]]; then
  echo 'httpsCaFilePath: /run/ql-build/ca.crt' >"$work/yarnrc.yml"
  mounts+=(-v "$NODE_EXTRA_CA_CERTS:/run/ql-build/ca.crt:ro"
    -v "$work/yarnrc.yml:/home/node/.yarnrc.yml:ro")
fi
bud() {
  buildah bud --isolation chroot --layers -f packages/backend/Dockerfile "$@" . \
    >"$work/bud.log" 2>&1 || {
    tail -40 "$work/bud.log" >&2
    echo "build-image: buildah bud failed" >&2
    exit 1
  }
}
echo "==> buildah bud -t $IMAGE"
bud --target packages "${mounts[@]}"
bud -t "$IMAGE"
echo "==> $IMAGE: $(podman image inspect --format '{{.Size}}' "$IMAGE" | numfmt --to=iec)"
