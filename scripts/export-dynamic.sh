#!/usr/bin/env bash
# Exports QuantumLayer's backend plugins and modules as Red Hat Developer Hub
# dynamic plugins: `rhdh-cli plugin export` in each package folder, which
# writes <package>/dist-dynamic (the package, its private workspace
# dependencies embedded, @backstage/* as peer dependencies provided by the
# host, its other dependencies installed). Usage:
#   bash scripts/export-dynamic.sh [plugins/<package> ...]   # default: all five
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.local/bin:$PATH"
# node-gyp builds better-sqlite3 from the Node headers here (no download).
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
rhdh=$(bash scripts/ensure-rhdh-cli.sh)

packages=("$@")
if [[ ${#packages[@]} -eq 0 ]]; then
  packages=(
    plugins/quantumlayer-backend
    plugins/quantumlayer-router-backend
    plugins/scaffolder-backend-module-quantumlayer
    plugins/catalog-backend-module-quantumlayer
    plugins/permission-backend-module-quantumlayer
  )
fi

# The types each package build reads (dist-types), once for all.
yarn tsc >/dev/null

# The @internal workspace packages a package depends on, transitively: they
# are not published, so each export embeds them.
internal_deps() {
  node -e '
    const path = require("path");
    const seen = new Set();
    const dirOf = name => path.join("plugins", name.replace("@internal/backstage-plugin-", ""));
    const walk = dir => {
      const pkg = require(path.resolve(dir, "package.json"));
      for (const dep of Object.keys(pkg.dependencies ?? {})) {
        if (!dep.startsWith("@internal/") || seen.has(dep)) continue;
        seen.add(dep);
        walk(dirOf(dep));
      }
    };
    walk(process.argv[1]);
    console.log([...seen].join(" "));
  ' "$1"
}

# The builds write dist/ into the workspace packages; a dist/ this script
# made goes when it ends, so that later runs from the checkout (the worker's
# pre-built workflow bundle, dist/workflow-bundle.js, above all) keep using
# the sources. dist-dynamic/ holds its own copy.
made=()
cleanup() { for d in "${made[@]}"; do rm -rf "$d/dist"; done; }
trap cleanup EXIT
build_once() {
  local d=$1
  [[ -d $d/dist || " ${made[*]} " == *" $d "* ]] || made+=("$d")
}

for dir in "${packages[@]}"; do
  embeds=$(internal_deps "$dir")
  echo "==> $dir (embeds: ${embeds:-none})"
  for dep in $embeds; do
    build_once "plugins/${dep#@internal/backstage-plugin-}"
    (cd "plugins/${dep#@internal/backstage-plugin-}" && yarn backstage-cli package build >/dev/null)
  done
  build_once "$dir"
  # The package's own build (the code-generation plugin's also bundles its
  # Temporal workflows).
  (cd "$dir" && yarn build >/dev/null 2>&1)
  # better-sqlite3 (the embedded vector store of the node library) is native:
  # allowed, and built for this Node during the export's install.
  # shellcheck disable=SC2086
  (cd "$dir" && "$rhdh" plugin export --no-build --clean \
    ${embeds:+--embed-package $embeds} \
    --allow-native-package better-sqlite3 napi-build-utils \
    > dist-dynamic.log 2>&1) || {
    tail -30 "$dir/dist-dynamic.log"
    [[ -f $dir/dist-dynamic/yarn-install.log ]] && tail -30 "$dir/dist-dynamic/yarn-install.log"
    echo "export of $dir failed (log: $dir/dist-dynamic.log)" >&2
    exit 1
  }
  echo "    $dir/dist-dynamic: $(node -p "require('./$dir/dist-dynamic/package.json').name")"
done
