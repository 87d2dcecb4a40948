"""Writes the local JSON schemas kubeconform validates the rendered chart against.

Kubernetes: the strict schemas of KUBERNETES_VERSION shipped by the PyPI package
kubernetes-validate, made loadable from disk: they name themselves https://kubernetes.io/api/...
and point at /api/_definitions.json, so the $id is dropped and the references made relative.

KEDA (ScaledObject, TriggerAuthentication) and the Prometheus operator (ServiceMonitor,
PrometheusRule) come from the PyPI model packages cloudcoil-models-keda and
cloudcoil-models-prometheus-operator, whose pydantic models are generated from the upstream CRDs.
The Strimzi KafkaTopic schema is checked in (tools/k8s/schemas), since no registry package ships it.

Every object that lists its properties is made strict (additionalProperties: false), so a
misspelt field fails validation the way kubeconform -strict treats the Kubernetes schemas.

    python tools/k8s/build_schemas.py OUT_DIR
Layout, as kubeconform's -schema-location templates expect:
  OUT_DIR/kubernetes/v<version>-local-strict/<kind>-<group>-<version>.json
  OUT_DIR/crds/<group>/<kind lower case>_<version>.json
"""

import json
import os
import shutil
import sys
from pathlib import Path

import kubernetes_validate

from cloudcoil.models.keda.v1alpha1 import ScaledObject, TriggerAuthentication
from cloudcoil.models.prometheus_operator.v1 import PrometheusRule, ServiceMonitor

MODELS = [
    ("keda.sh", "v1alpha1", ScaledObject),
    ("keda.sh", "v1alpha1", TriggerAuthentication),
    ("monitoring.coreos.com", "v1", ServiceMonitor),
    ("monitoring.coreos.com", "v1", PrometheusRule),
]

CHECKED_IN = Path(__file__).resolve().parent / "schemas"

# The Kubernetes version the chart is validated for (tools/k8s/validate-chart.sh reads the folder).
KUBERNETES_VERSION = "v1.33.0"


def strict(node):
    """Closes every object schema that lists its properties, recursively."""
    if isinstance(node, dict):
        if "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            strict(value)
    elif isinstance(node, list):
        for value in node:
            strict(value)
    return node


def kubernetes_schemas(out_dir: Path) -> None:
    folder = f"{KUBERNETES_VERSION}-local-strict"
    source = Path(os.path.dirname(kubernetes_validate.__file__)) / "kubernetes-json-schema" / folder
    target = out_dir / "kubernetes" / folder
    target.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in source.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        schema.pop("$id", None)
        text = json.dumps(schema).replace('"/api/_definitions.json#', '"_definitions.json#')
        (target / path.name).write_text(text, encoding="utf-8")
        count += 1
    print(f"schema kubernetes/{folder}: {count} files")


def crd_schemas(out_dir: Path) -> None:
    out_dir = out_dir / "crds"
    for group, version, model in MODELS:
        schema = strict(model.model_json_schema(by_alias=True, mode="validation"))
        # apiVersion and kind are optional in the model (they have defaults); a manifest needs both.
        schema["required"] = sorted(set(schema.get("required", [])) | {"apiVersion", "kind", "metadata"})
        target = out_dir / group / f"{model.__name__.lower()}_{version}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(schema, indent=1))
        print(f"schema {target.relative_to(out_dir)}")
    for source in CHECKED_IN.rglob("*.json"):
        target = out_dir / source.relative_to(CHECKED_IN)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        print(f"schema {target.relative_to(out_dir)} (checked in)")


if __name__ == "__main__":
    kubernetes_schemas(Path(sys.argv[1]))
    crd_schemas(Path(sys.argv[1]))
