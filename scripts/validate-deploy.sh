#!/usr/bin/env bash
# Validates deploy/: renders every overlay with kustomize into
# .data/deploy-rendered/<overlay>.yaml, schema-checks every object with
# kubeconform -strict against the vendored schemas only (deploy/schemas, no
# network), then runs the policy tests (plugins/quantumlayer-backend/src/
# deploy-policy) on the rendered output. Exits non-zero on the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t tools < <(bash scripts/ensure-deploy-tools.sh)
kustomize="${tools[0]}"
kubeconform="${tools[1]}"
out="$PWD/.data/deploy-rendered"
rm -rf "$out" && mkdir -p "$out"

echo "==> kustomize build ($("$kustomize" version))"
for overlay in deploy/overlays/*/; do
  name=$(basename "$overlay")
  "$kustomize" build "$overlay" > "$out/$name.yaml"
  echo "$name: $(grep -c '^kind:' "$out/$name.yaml") objects -> .data/deploy-rendered/$name.yaml"
done

echo "==> kubeconform -strict (vendored schemas: deploy/schemas)"
"$kubeconform" -strict -summary -output text \
  -schema-location "$PWD/deploy/schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
  "$out"/*.yaml

# The schema check must be able to fail: a misspelt field (HPA minReplica)
# and an unknown CRD field (DestinationRule outlierDetection.consecutive5xxError)
# are each rejected, or the vendored schemas are not strict.
for broken in \
  's/^  minReplicas: 3$/  minReplica: 3/' \
  's/^      consecutive5xxErrors: 5$/      consecutive5xxError: 5/'; do
  if sed "$broken" "$out/production.yaml" | "$kubeconform" -strict -output text \
      -schema-location "$PWD/deploy/schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json" - >/dev/null; then
    echo "validate-deploy: kubeconform accepted a broken manifest ($broken); deploy/schemas is not strict" >&2
    exit 1
  fi
done
echo "strictness self-check: misspelt core and CRD fields rejected"

echo "==> policy tests (deploy-policy)"
cd plugins/quantumlayer-backend
DEPLOY_RENDERED_DIR="$out" CI=true yarn backstage-cli package test --ci --watchAll=false deploy-policy
