"""Checks the rendered chart against the generated topic data and the deployment rules that a
schema cannot express. Exits 1 naming every problem.

    python tools/k8s/check_rendered.py RENDERED.yaml deploy/helm/sightline/files/topics.generated.json

topics.generated.json is proven equal to the code's topic registry by the unit test
tools/k8s/chart-files.spec.ts; this closes the loop from the registry to the manifests.
"""

import json
import sys

import yaml


def main(rendered_path: str, topics_path: str) -> int:
    with open(rendered_path, encoding="utf-8") as handle:
        docs = [doc for doc in yaml.safe_load_all(handle) if doc]
    with open(topics_path, encoding="utf-8") as handle:
        data = json.load(handle)
    problems = []
    by_kind = {}
    for doc in docs:
        by_kind.setdefault(doc["kind"], []).append(doc)

    # KafkaTopics: exactly the generated set, field for field.
    rendered_topics = {t["spec"]["topicName"]: t["spec"] for t in by_kind.get("KafkaTopic", [])}
    wanted = {t["name"]: t for t in data["topics"]}
    for name in sorted(set(wanted) - set(rendered_topics)):
        problems.append(f"KafkaTopic {name} is in the registry but not rendered")
    for name in sorted(set(rendered_topics) - set(wanted)):
        problems.append(f"KafkaTopic {name} is rendered but not in the registry")
    for name in sorted(set(wanted) & set(rendered_topics)):
        spec, topic = rendered_topics[name], wanted[name]
        for field in ("partitions", "replicas", "config"):
            if spec.get(field) != topic[field]:
                problems.append(f"KafkaTopic {name}: {field} {spec.get(field)!r} != {topic[field]!r}")

    deployments = {d["metadata"]["labels"]["app.kubernetes.io/component"]: d for d in by_kind.get("Deployment", [])}
    env_of = {}
    for service, deployment in deployments.items():
        pod = deployment["spec"]["template"]["spec"]
        container = pod["containers"][0]
        env = {e["name"]: e for e in container.get("env", [])}
        env_of[service] = env
        instance = env.get("KAFKA_GROUP_INSTANCE_ID", {}).get("valueFrom", {}).get("fieldRef", {})
        if instance.get("fieldPath") != "metadata.name":
            problems.append(f"{service}: KAFKA_GROUP_INSTANCE_ID is not the pod name")
        for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
            if container.get(probe, {}).get("httpGet", {}).get("path") != path:
                problems.append(f"{service}: {probe} is not GET {path}")
        security = container.get("securityContext", {})
        if not (
            pod.get("securityContext", {}).get("runAsNonRoot")
            and security.get("readOnlyRootFilesystem")
            and security.get("allowPrivilegeEscalation") is False
            and security.get("capabilities", {}).get("drop") == ["ALL"]
        ):
            problems.append(f"{service}: pod security settings are incomplete")
        grace = pod.get("terminationGracePeriodSeconds", 30)
        pre_stop = container.get("lifecycle", {}).get("preStop", {}).get("sleep", {}).get("seconds", 0)
        drain_ms = next(
            (int(d["data"]["SHUTDOWN_TIMEOUT_MS"]) for d in by_kind.get("ConfigMap", []) if "SHUTDOWN_TIMEOUT_MS" in d.get("data", {})),
            None,
        )
        if drain_ms is None or grace <= pre_stop + drain_ms / 1000:
            problems.append(f"{service}: grace period {grace}s does not cover preStop {pre_stop}s + drain {drain_ms} ms")
        for name, entry in env.items():
            if "value" in entry and any(word in name for word in ("SECRET", "PASSWORD", "USERNAME", "MONGO_URL", "TOKEN")):
                problems.append(f"{service}: {name} has a literal value; it must come from a Secret")

    # KEDA: one ScaledObject per lag-scaled service, capped at its topic's partitions.
    scaled_objects = {s["spec"]["scaleTargetRef"]["name"]: s for s in by_kind.get("ScaledObject", [])}
    for service, consumer in data["scaledConsumers"].items():
        deployment = deployments.get(service)
        target = deployment["metadata"]["name"] if deployment else None
        scaled = scaled_objects.get(target)
        if not scaled:
            problems.append(f"{service}: no ScaledObject")
            continue
        spec = scaled["spec"]
        partitions = wanted[consumer["topic"]]["partitions"]
        if spec["maxReplicaCount"] != partitions:
            problems.append(f"{service}: maxReplicaCount {spec['maxReplicaCount']} != {partitions} partitions of {consumer['topic']}")
        trigger = spec["triggers"][0]
        if trigger["type"] != "kafka" or trigger["metadata"]["topic"] != consumer["topic"]:
            problems.append(f"{service}: the trigger is not the Kafka lag of {consumer['topic']}")
        group = env_of[service].get("KAFKA_GROUP_ID", {}).get("value")
        if trigger["metadata"]["consumerGroup"] != group:
            problems.append(f"{service}: KEDA watches group {trigger['metadata']['consumerGroup']}, the pods join {group}")
        if "replicas" in deployment["spec"]:
            problems.append(f"{service}: the Deployment sets replicas although KEDA owns them")

    counts = ", ".join(f"{len(v)} {k}" for k, v in sorted(by_kind.items()))
    if problems:
        print("\n".join(f"check_rendered: {p}" for p in problems), file=sys.stderr)
        print(f"check_rendered: {len(problems)} problem(s) in {len(docs)} documents ({counts})", file=sys.stderr)
        return 1
    print(f"check_rendered: ok, {len(docs)} documents ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
