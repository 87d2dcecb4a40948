#!/usr/bin/env bash
# Offline validation of deploy/helm/sightline, run by tools/scripts/test.sh. Needs what
# deploy/local/setup.sh installs: helm and kubeconform in .local/bin, yamllint, the Kubernetes
# schemas and the CRD schemas in .local/venv-k8s and .cache/k8s-schemas. No cluster, no network.
#   bash tools/k8s/validate-chart.sh
# 1. the generated chart files are up to date with the topic registry, rules and dashboard code;
# 2. helm lint --strict;
# 3. helm template of the defaults and of a second set of values that flips every branch;
# 4. kubeconform -strict of both renders against local Kubernetes and CRD schemas;
# 5. yamllint of values, Chart.yaml and both renders;
# 6. check_rendered.py: the rendered KafkaTopics and ScaledObjects agree with the registry data.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
CHART=deploy/helm/sightline
BIN="$ROOT/.local/bin"
VENV="$ROOT/.local/venv-k8s"
SCHEMAS="$ROOT/.cache/k8s-schemas"
for tool in "$BIN/helm" "$BIN/kubeconform" "$VENV/bin/yamllint" "$VENV/bin/python" "$SCHEMAS/crds"; do
  [[ -e "$tool" ]] || { echo "error: $tool is missing; run bash deploy/local/setup.sh" >&2; exit 1; }
done
# The one version tools/k8s/build_schemas.py prepared, e.g. v1.33.0-local-strict -> 1.33.0.
K8S_VERSION="$(basename "$(echo "$SCHEMAS"/kubernetes/v*-local-strict)" -local-strict)"
K8S_VERSION="${K8S_VERSION#v}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

node tools/scripts/run-ts.cjs tools/k8s/generate-chart-files.ts --check

"$BIN/helm" lint --strict "$CHART" --kube-version "$K8S_VERSION"

# The second render turns off what the defaults turn on, and on what they leave off.
cat >"$out/flipped-values.yaml" <<'VALUES'
kafka:
  tls:
    enabled: false
  sasl:
    mechanism: ""
keda:
  enabled: false
grpcTls:
  existingSecret: sightline-grpc-tls
  requireClientCertificates: true
notify:
  webhookUrls: ["https://hooks.example.org/sightline"]
  webhookSecret: sightline-webhook
networkPolicy:
  cameraCidrs: ["192.0.2.0/24"]
  webhookCidrs: ["198.51.100.0/24"]
podDisruptionBudget:
  enabled: false
VALUES
"$BIN/helm" template sightline "$CHART" --namespace sightline --kube-version "$K8S_VERSION" >"$out/default.yaml"
"$BIN/helm" template sightline "$CHART" --namespace sightline --kube-version "$K8S_VERSION" \
  -f "$out/flipped-values.yaml" >"$out/flipped.yaml"
echo "helm template: $(grep -c '^kind:' "$out/default.yaml") resources (defaults), $(grep -c '^kind:' "$out/flipped.yaml") (flipped values)"

"$BIN/kubeconform" -strict -summary -kubernetes-version "$K8S_VERSION" \
  -schema-location "$SCHEMAS/kubernetes/{{ .NormalizedKubernetesVersion }}-local{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
  -schema-location "$SCHEMAS/crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json" \
  "$out/default.yaml" "$out/flipped.yaml"

"$VENV/bin/yamllint" --strict -c tools/k8s/yamllint.yaml \
  "$CHART/values.yaml" "$CHART/Chart.yaml" "$out/default.yaml" "$out/flipped.yaml"
echo "yamllint: clean"

"$VENV/bin/python" tools/k8s/check_rendered.py "$out/default.yaml" "$CHART/files/topics.generated.json"
