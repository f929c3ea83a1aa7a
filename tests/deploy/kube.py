"""Render the Helm chart with Helm's own engine and check what comes out.

`helm_python` (PyPI: helm-python-sdk) loads libhelm_c, Helm's Go SDK built as a
C library, through ctypes: the real template engine and values-schema check,
no helm binary, no cluster. Manifests are validated offline against the
Kubernetes JSON schemas that kubernetes-validate ships, in strict mode (an
unknown or misspelt field is an error).
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import helm_python as helm
import kubernetes_validate
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "helm"
RELEASE = "myschool"
NAMESPACE = "school"
# The oldest Kubernetes the chart declares (Chart.yaml kubeVersion) and the newest schemas shipped.
KUBE_VERSIONS = ("1.27.0", kubernetes_validate.latest_version())
# What an operator must give at the least; everything else comes from values.yaml.
REQUIRED = {
    "secrets": {
        "secretKey": "s3cr3t-" + "0123456789abcdefghijklmnopqrstuvwxyz" * 2,
        "databaseUrl": "postgres://myschool:pw@pg.internal:5432/myschool?sslmode=require",
        "brokerUrl": "amqps://myschool:pw@mq.internal:5671/myschool",
        "metricsToken": "scrape-" + "0123456789abcdef" * 2,
    },
}

helm.disable_logging()


def merged(*layers: dict[str, Any]) -> dict[str, Any]:
    """Values layered like repeated `-f` files: later dicts win, key by key."""
    result: dict[str, Any] = {}
    for layer in layers:
        _merge(result, copy.deepcopy(layer))
    return result


def _merge(into: dict[str, Any], layer: dict[str, Any]) -> None:
    for key, value in layer.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def render(values: dict[str, Any] | None = None, chart: Path = CHART) -> list[dict[str, Any]]:
    """Every Kubernetes object the chart renders for an install with `values`."""
    with helm.Chart.load(chart) as loaded:
        files = loaded.render(values or {}, name=RELEASE, namespace=NAMESPACE, is_install=True)
    manifests = []
    for path, text in sorted(files.items()):
        if path.endswith(".txt"):
            continue
        manifests.extend(doc for doc in yaml.safe_load_all(text) if doc)
    return manifests


def lint(values: dict[str, Any] | None = None, chart: Path = CHART) -> dict[str, Any]:
    """`helm lint --strict` through the same engine."""
    return helm.lint(chart, values or {}, strict=True, namespace=NAMESPACE)


def notes(values: dict[str, Any] | None = None, chart: Path = CHART) -> str:
    with helm.Chart.load(chart) as loaded:
        files = loaded.render(values or {}, name=RELEASE, namespace=NAMESPACE, is_install=True)
    return next(text for path, text in files.items() if path.endswith("NOTES.txt"))


def name_of(manifest: dict[str, Any]) -> str:
    return f"{manifest['kind']}/{manifest['metadata']['name']}"


# The schemas are those kubernetes-validate ships (one folder per Kubernetes
# version); loaded once per version and kind here, which kubernetes_validate.validate
# does not do. Every $ref resolves inside the registry: nothing is fetched.
SCHEMAS = Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema"


@functools.cache
def _definitions(version: str) -> Registry:
    text = (SCHEMAS / f"v{version}-local-strict" / "_definitions.json").read_text()
    return Resource.from_contents(json.loads(text)) @ Registry()


@functools.cache
def _validator(version: str, kind: str, api_version: str) -> Draft202012Validator | None:
    # rbac.authorization.k8s.io/v1 -> rbac-v1, apps/v1 -> apps-v1, v1 -> v1
    group = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    path = SCHEMAS / f"v{version}-local-strict" / f"{kind.lower()}-{group}.json"
    if not path.exists():
        return None
    schema = json.loads(path.read_text())
    return Draft202012Validator(schema, registry=Resource.from_contents(schema) @ _definitions(version))


def schema_problems(manifests: list[dict[str, Any]]) -> list[str]:
    """Everything the Kubernetes API of any of KUBE_VERSIONS would reject, with where and why."""
    problems = []
    for manifest in manifests:
        for version in KUBE_VERSIONS:
            validator = _validator(version, manifest["kind"], manifest["apiVersion"])
            if validator is None:
                problems.append(f"{name_of(manifest)}: Kubernetes {version} has no {manifest['apiVersion']}")
                continue
            for error in validator.iter_errors(manifest):
                where = "/".join(str(part) for part in error.absolute_path)
                problems.append(f"{name_of(manifest)} (Kubernetes {version}) at {where}: {error.message}")
    return problems


def pod_specs(manifests: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(workload, its pod template) for every Deployment and Job."""
    for manifest in manifests:
        if manifest["kind"] in {"Deployment", "Job", "StatefulSet", "DaemonSet"}:
            yield manifest, manifest["spec"]["template"]


def is_hook(manifest: dict[str, Any]) -> bool:
    return "helm.sh/hook" in manifest["metadata"].get("annotations", {})


def hook_weight(manifest: dict[str, Any]) -> int:
    return int(manifest["metadata"].get("annotations", {}).get("helm.sh/hook-weight", "0"))


Existing = dict[str, set[str]]


def wiring_problems(manifests: list[dict[str, Any]], existing: Existing | None = None) -> list[str]:
    """References the schema cannot see: names that point nowhere, selectors that select nothing.

    `existing` names objects made outside the chart ({"Secret": {"prod-secrets"}}).
    A hook runs before the release's ordinary objects exist, so what a hook pod
    uses must be a hook created before it (lower weight), or exist beforehand.
    """
    existing = existing or {}
    problems = []
    by_kind: dict[str, dict[str, dict[str, Any]]] = {}
    for manifest in manifests:
        by_kind.setdefault(manifest["kind"], {})[manifest["metadata"]["name"]] = manifest

    def find(kind: str, name: str, user: dict[str, Any], what: str) -> None:
        if name in existing.get(kind, set()):
            return
        if kind == "ServiceAccount" and name == "default":
            return
        target = by_kind.get(kind, {}).get(name)
        if target is None:
            problems.append(f"{name_of(user)}: {what} names {kind} {name!r}, which the chart does not create")
        elif is_hook(user) and not (is_hook(target) and hook_weight(target) < hook_weight(user)):
            problems.append(f"{name_of(user)} is a hook but its {kind} {name!r} is not created before it")

    for workload, template in pod_specs(manifests):
        spec = template["spec"]
        labels = template["metadata"].get("labels", {})
        selector = workload["spec"].get("selector", {}).get("matchLabels")
        if selector is not None and not selector.items() <= labels.items():
            problems.append(f"{name_of(workload)}: its selector does not match its own pods")
        find("ServiceAccount", spec.get("serviceAccountName", "default"), workload, "serviceAccountName")
        volumes = {volume["name"]: volume for volume in spec.get("volumes", [])}
        for volume in volumes.values():
            if "persistentVolumeClaim" in volume:
                claim = volume["persistentVolumeClaim"]["claimName"]
                find("PersistentVolumeClaim", claim, workload, f"volume {volume['name']}")
            for kind, key in (("ConfigMap", "configMap"), ("Secret", "secret")):
                if key in volume:
                    name = volume[key].get("name") or volume[key].get("secretName")
                    find(kind, name, workload, f"volume {volume['name']}")
        for container in spec.get("containers", []) + spec.get("initContainers", []):
            for source in container.get("envFrom", []):
                if "configMapRef" in source:
                    find("ConfigMap", source["configMapRef"]["name"], workload, "envFrom")
                if "secretRef" in source:
                    find("Secret", source["secretRef"]["name"], workload, "envFrom")
            ports = {port.get("name") for port in container.get("ports", [])}
            for mount in container.get("volumeMounts", []):
                if mount["name"] not in volumes:
                    problems.append(f"{name_of(workload)}: mounts volume {mount['name']!r} it does not have")
            for probe_name in ("readinessProbe", "livenessProbe", "startupProbe"):
                port = container.get(probe_name, {}).get("httpGet", {}).get("port")
                if isinstance(port, str) and port not in ports:
                    problems.append(f"{name_of(workload)}: {probe_name} uses port {port!r}, not declared")

    pods = [template["metadata"].get("labels", {}) for _, template in pod_specs(manifests)]
    for kind in ("Service", "PodDisruptionBudget"):
        for name, manifest in by_kind.get(kind, {}).items():
            spec = manifest["spec"]
            selector = spec["selector"] if kind == "Service" else spec["selector"]["matchLabels"]
            if not any(selector.items() <= labels.items() for labels in pods):
                problems.append(f"{kind}/{name}: its selector matches no pod of the chart")
    for name, hpa in by_kind.get("HorizontalPodAutoscaler", {}).items():
        target = hpa["spec"]["scaleTargetRef"]
        if target["name"] not in by_kind.get(target["kind"], {}):
            problems.append(f"HorizontalPodAutoscaler/{name}: scales a missing {target['kind']}")
    for name, ingress in by_kind.get("Ingress", {}).items():
        for rule in ingress["spec"].get("rules", []):
            for path in rule["http"]["paths"]:
                service = path["backend"]["service"]
                target = by_kind.get("Service", {}).get(service["name"])
                if target is None:
                    problems.append(f"Ingress/{name}: sends {rule['host']} to a missing Service")
                elif service["port"].get("name") not in {p.get("name") for p in target["spec"]["ports"]}:
                    problems.append(f"Ingress/{name}: Service {service['name']!r} has no such port")
    return problems


def problems(manifests: list[dict[str, Any]], existing: Existing | None = None) -> list[str]:
    return schema_problems(manifests) + wiring_problems(manifests, existing)


def one(manifests: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    found = [m for m in manifests if m["kind"] == kind and m["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind}/{name}, found {len(found)}"
    return found[0]


def of_kind(manifests: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [m for m in manifests if m["kind"] == kind]


def env_of(manifests: list[dict[str, Any]], container: dict[str, Any]) -> dict[str, str]:
    """The environment a container gets from its ConfigMaps, Secrets and env."""
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        for kind, key in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
            if key in source:
                found = one(manifests, kind, source[key]["name"])
                env.update(found.get("data") or found.get("stringData") or {})
    env.update({item["name"]: item["value"] for item in container.get("env", []) if "value" in item})
    return env
