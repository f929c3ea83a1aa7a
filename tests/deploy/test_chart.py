"""The Helm chart: rendered by Helm's engine, accepted by the Kubernetes schemas, wired right.

No cluster and no helm binary: see tests/deploy/kube.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import helm_python as helm
import pytest
import yaml

from tests.deploy.kube import (
    CHART,
    REQUIRED,
    Existing,
    env_of,
    hook_weight,
    is_hook,
    lint,
    merged,
    notes,
    of_kind,
    one,
    pod_specs,
    problems,
    render,
)
from tests.deploy.queues import app_queues

DEFAULTS = yaml.safe_load((CHART / "values.yaml").read_text())
BASE = DEFAULTS["baseDomain"]
WEB = "myschool-web"

# name -> (values given on top of values.yaml, objects that exist outside the chart)
VARIANTS: dict[str, tuple[dict[str, Any], Existing]] = {
    "defaults": (REQUIRED, {}),
    "existing-secret-fixed-replicas": (
        {
            "existingSecret": "myschool-prod",
            "web": {"autoscaling": {"enabled": False}, "replicas": 3},
            "ingress": {"extraHosts": ["school.tatarstan.ru"], "className": ""},
            "image": {"digest": "sha256:" + "ab" * 32},
            "media": {"persistence": {"existingClaim": "nfs-media"}},
            "secrets": {"metricsToken": "scrape-me"},
        },
        {"Secret": {"myschool-prod"}, "PersistentVolumeClaim": {"nfs-media"}},
    ),
    "lean": (
        merged(REQUIRED, {
            "ingress": {"enabled": False},
            "beat": {"enabled": False},
            "media": {"persistence": {"enabled": False}},
            "serviceAccount": {"create": False},
            "workers": {"sync": None, "background": {"queues": ["onboarding", "imports", "sync"]}},
            "web": {"podDisruptionBudget": {"enabled": False}, "topologySpread": False},
            "worker": {"livenessProbe": {"enabled": False}},
            "config": {"extraEnv": {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"}},
        }),
        {},
    ),
}


@pytest.fixture(scope="module")
def chart() -> list[dict[str, Any]]:
    return render(REQUIRED)


def containers(template: dict[str, Any]) -> list[dict[str, Any]]:
    return template["spec"]["containers"] + template["spec"].get("initContainers", [])


# --- It renders and Kubernetes would take it ----------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_variant_renders_objects_kubernetes_accepts(variant: str) -> None:
    values, existing = VARIANTS[variant]
    manifests = render(values)

    assert problems(manifests, existing) == []
    assert {"Deployment", "Service", "ConfigMap", "Job"} <= {m["kind"] for m in manifests}


def test_helm_lint_finds_nothing_to_fix() -> None:
    report = lint(REQUIRED)
    assert report["errors"] == []
    assert [m for m in report["messages"] if m["severity"] >= 2] == []


def test_without_secrets_the_install_stops_and_says_what_is_missing() -> None:
    missing = r"secrets\.secretKey is required \(or set existingSecret\)"
    with pytest.raises(helm.HelmRenderError, match=missing):
        render({})
    with pytest.raises(helm.HelmRenderError, match="at least 50 characters"):
        render(merged(REQUIRED, {"secrets": {"secretKey": "short"}}))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"web": {"replicas": "two"}}, "/web/replicas"),
        ({"image": {"tag": "latest"}}, "/image/tag"),
        ({"baseDomain": "https://myschool.example.ru/"}, "/baseDomain"),
        ({"workers": {"Big_Imports": {"queues": ["imports"], "replicas": 1, "concurrency": 1,
                                      "prefetchMultiplier": 1}}}, "Big_Imports"),
        ({"webb": {}}, "webb"),
        ({"secrets": {"sessionDatabaseUrl": "mysql://pooler/myschool"}}, "sessionDatabaseUrl"),
    ],
)
def test_values_that_make_no_sense_are_refused_by_the_values_schema(values: dict, message: str) -> None:
    with pytest.raises(helm.HelmValuesError, match=message):
        render(merged(REQUIRED, values))


def test_a_budget_that_would_block_every_node_drain_is_refused() -> None:
    values = merged(REQUIRED, {"web": {"autoscaling": {"enabled": False}, "replicas": 1}})
    refused = r"minAvailable \(1\) must be below the web replicas \(1\)"
    with pytest.raises(helm.HelmRenderError, match=refused):
        render(values)


# --- A broken chart fails the check --------------------------------------------

BREAKAGES = {
    # (template, text in it, replacement, what the check reports)
    "misspelt field": ("web-deployment.yaml", "readinessProbe:", "readinesProbe:", "readinesProbe"),
    "wrong type": ("web-deployment.yaml", "containerPort: 8000", "containerPort: eight-thousand",
                   "containerPort"),
    "service selects nothing": ("web-service.yaml", '"component" "web"', '"component" "website"',
                                "Service/myschool-web: its selector matches no pod"),
    "renamed ConfigMap": ("configmap.yaml", '{{ include "myschool.configMapName" . }}',
                          "{{ include \"myschool.fullname\" . }}-config", "names ConfigMap 'myschool-env'"),
    "hook config after the hook": ("migrate-job.yaml", 'helm.sh/hook-weight: "-10"',
                                   'helm.sh/hook-weight: "10"', "is a hook but its"),
    "probe on an undeclared port": ("web-deployment.yaml", "port: http\n", "port: web\n",
                                    "uses port 'web', not declared"),
}


@pytest.fixture
def chart_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "helm"
    shutil.copytree(CHART, copy)
    return copy


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_a_broken_chart_is_caught(chart_copy: Path, breakage: str) -> None:
    template, old, new, reported = BREAKAGES[breakage]
    path = chart_copy / "templates" / template
    text = path.read_text()
    assert old in text, "the breakage no longer applies to the template"
    path.write_text(text.replace(old, new))

    found = problems(render(REQUIRED, chart=chart_copy))

    assert any(reported in problem for problem in found), found


def test_a_template_that_does_not_parse_is_caught(chart_copy: Path) -> None:
    path = chart_copy / "templates" / "ingress.yaml"
    path.write_text(path.read_text().replace("{{- range $hosts }}", "{{- range $hosts "))
    with pytest.raises(helm.HelmError):
        render(REQUIRED, chart=chart_copy)


# --- What matters about what it renders ----------------------------------------


def test_every_pod_runs_unprivileged_on_a_read_only_root_with_tmp_writable(chart) -> None:
    workloads = list(pod_specs(chart))
    assert len(workloads) >= 6  # web, three worker classes, beat, migrate
    for workload, template in workloads:
        spec = template["spec"]
        pod = spec["securityContext"]
        assert pod["runAsNonRoot"] is True and pod["runAsUser"] == 10001, workload["metadata"]["name"]
        assert pod["seccompProfile"] == {"type": "RuntimeDefault"}
        assert spec["automountServiceAccountToken"] is False
        tmp_volumes = {v["name"] for v in spec["volumes"] if "emptyDir" in v}
        for container in containers(template):
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True
            assert security["allowPrivilegeEscalation"] is False
            assert security["capabilities"]["drop"] == ["ALL"]
            assert security["runAsNonRoot"] is True
            assert any(m["mountPath"] == "/tmp" and m["name"] in tmp_volumes
                       for m in container["volumeMounts"])
            resources = container["resources"]
            assert {"cpu", "memory"} <= resources["requests"].keys()
            assert {"cpu", "memory"} <= resources["limits"].keys()
            assert container["image"].endswith(":0.1.0"), container["image"]


def test_web_probes_ask_readyz_and_healthz_as_the_federation_host(chart) -> None:
    web = one(chart, "Deployment", WEB)
    container = web["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        get = container[probe]["httpGet"]
        assert get["port"] == "http"
        # The kubelet would send the pod IP as Host: ALLOWED_HOSTS refuses that.
        headers = {h["name"]: h["value"] for h in get["httpHeaders"]}
        assert headers == {"Host": BASE, "X-Forwarded-Proto": "https"}
    allowed = env_of(chart, container)["ALLOWED_HOSTS"].split(",")
    assert BASE in allowed and f".{BASE}" in allowed
    assert {"name": "http", "containerPort": 8000, "protocol": "TCP"} in container["ports"]


def test_migration_is_a_pre_install_and_pre_upgrade_hook_with_its_config_made_first(chart) -> None:
    job = one(chart, "Job", "myschool-migrate")
    annotations = job["metadata"]["annotations"]
    assert annotations["helm.sh/hook"] == "pre-install,pre-upgrade"
    assert annotations["helm.sh/hook-delete-policy"] == "before-hook-creation,hook-succeeded"
    pod = job["spec"]["template"]["spec"]
    assert pod["restartPolicy"] == "Never"
    assert job["spec"]["backoffLimit"] == 0
    container = pod["containers"][0]
    assert container["args"] == ["migrate"]
    env = env_of(chart, container)
    assert env["MIGRATION_PROCESSES"] == str(DEFAULTS["migrate"]["processes"])
    assert env["DATABASE_URL"] == REQUIRED["secrets"]["databaseUrl"]
    # On a first install nothing of the release exists yet: what the Job uses
    # is created as a hook before it.
    used = [("ServiceAccount", pod["serviceAccountName"])] + [
        ("ConfigMap" if "configMapRef" in s else "Secret", (s.get("configMapRef") or s["secretRef"])["name"])
        for s in container["envFrom"]
    ]
    for kind, name in used:
        made = one(chart, kind, name)
        assert is_hook(made) and hook_weight(made) < hook_weight(job), (kind, name)


def test_migration_with_an_existing_secret_reads_it_directly() -> None:
    manifests = render({"existingSecret": "myschool-prod"})
    job = one(manifests, "Job", "myschool-migrate")
    refs = job["spec"]["template"]["spec"]["containers"][0]["envFrom"]
    assert {"secretRef": {"name": "myschool-prod"}} in refs
    assert of_kind(manifests, "Secret") == []


def test_a_session_database_url_reaches_every_container_through_the_secrets() -> None:
    session_url = "postgres://myschool:pw@pgbouncer:6432/myschool_session"
    manifests = render(merged(REQUIRED, {"secrets": {"sessionDatabaseUrl": session_url}}))
    for secret in of_kind(manifests, "Secret"):  # the release's and the migration hook's
        assert secret["stringData"]["SESSION_DATABASE_URL"] == session_url
        assert secret["stringData"]["DATABASE_URL"] == REQUIRED["secrets"]["databaseUrl"]
    assert "SESSION_DATABASE_URL" not in one(render(REQUIRED), "Secret", "myschool-secrets")["stringData"]


def test_web_scales_between_bounds_on_cpu_and_keeps_a_pod_through_disruptions(chart) -> None:
    hpa = one(chart, "HorizontalPodAutoscaler", WEB)
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": WEB}
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (2, 10)
    assert hpa["spec"]["metrics"][0]["resource"] == {
        "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70},
    }
    # The HPA owns the replica count: the Deployment must not fight it on every upgrade.
    assert "replicas" not in one(chart, "Deployment", WEB)["spec"]
    pdb = one(chart, "PodDisruptionBudget", WEB)
    assert pdb["spec"]["minAvailable"] == 1
    web_labels = one(chart, "Deployment", WEB)["spec"]["template"]["metadata"]["labels"]
    assert pdb["spec"]["selector"]["matchLabels"].items() <= web_labels.items()
    for workload, template in pod_specs(chart):
        if workload["metadata"]["name"] != WEB:
            labels = template["metadata"]["labels"]
            assert not pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()


def test_without_autoscaling_web_has_fixed_replicas_and_no_hpa() -> None:
    manifests = render(merged(REQUIRED, {"web": {"autoscaling": {"enabled": False}, "replicas": 3}}))
    assert of_kind(manifests, "HorizontalPodAutoscaler") == []
    assert one(manifests, "Deployment", WEB)["spec"]["replicas"] == 3


def test_ingress_answers_the_federation_and_every_region_over_tls(chart) -> None:
    ingress = one(chart, "Ingress", "myschool")
    hosts = [rule["host"] for rule in ingress["spec"]["rules"]]
    assert hosts == [BASE, f"*.{BASE}"]
    assert ingress["spec"]["tls"] == [{"secretName": "myschool-tls", "hosts": [BASE, f"*.{BASE}"]}]
    for rule in ingress["spec"]["rules"]:
        backend = rule["http"]["paths"][0]["backend"]["service"]
        assert backend == {"name": WEB, "port": {"name": "http"}}


def test_beat_is_one_pod_replaced_never_rolled(chart) -> None:
    beat = one(chart, "Deployment", "myschool-beat")
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    assert beat["spec"]["template"]["spec"]["containers"][0]["args"] == ["beat"]
    # A larger web.replicas or a queue class never touches it.
    bigger = render(merged(REQUIRED, {"web": {"autoscaling": {"enabled": False}, "replicas": 9}}))
    assert one(bigger, "Deployment", "myschool-beat")["spec"]["replicas"] == 1


def test_every_queue_the_app_sends_to_has_a_worker_class_with_its_own_settings(chart) -> None:
    consumed: dict[str, str] = {}
    for name, worker in DEFAULTS["workers"].items():
        deployment = one(chart, "Deployment", f"myschool-worker-{name}")
        assert deployment["spec"]["replicas"] == worker["replicas"]
        args = deployment["spec"]["template"]["spec"]["containers"][0]["args"]
        assert args[:2] == ["worker", ",".join(worker["queues"])]
        assert f"--concurrency={worker['concurrency']}" in args
        assert f"--prefetch-multiplier={worker['prefetchMultiplier']}" in args
        for queue in worker["queues"]:
            assert queue not in consumed, f"{queue} is consumed by {consumed.get(queue)} and {name}"
            consumed[queue] = name
    assert app_queues() <= consumed.keys()
    # Long tasks take one message at a time; diary-facing work is not behind them.
    assert DEFAULTS["workers"]["background"]["prefetchMultiplier"] == 1
    assert len({consumed["default"], consumed["onboarding"], consumed["sync"]}) == 3


def test_settings_reach_the_containers_from_a_configmap_and_a_secret(chart) -> None:
    web = one(chart, "Deployment", WEB)["spec"]["template"]["spec"]["containers"][0]
    env = env_of(chart, web)
    assert env["DJANGO_ENV"] == "production"
    assert env["BASE_DOMAIN"] == BASE
    assert env["PROMETHEUS_MULTIPROC_DIR"].startswith("/tmp/")
    assert env["MEDIA_ROOT"] == DEFAULTS["media"]["mountPath"]
    secret = one(chart, "Secret", "myschool-secrets")
    assert secret["stringData"] == {
        "SECRET_KEY": REQUIRED["secrets"]["secretKey"],
        "DATABASE_URL": REQUIRED["secrets"]["databaseUrl"],
        "CELERY_BROKER_URL": REQUIRED["secrets"]["brokerUrl"],
        "METRICS_TOKEN": REQUIRED["secrets"]["metricsToken"],
    }
    assert "SECRET_KEY" not in one(chart, "ConfigMap", "myschool-env")["data"]
    # A changed setting rolls the pods.
    changed = render(merged(REQUIRED, {"config": {"logLevel": "DEBUG"}}))
    before = one(chart, "Deployment", WEB)["spec"]["template"]["metadata"]["annotations"]
    after = one(changed, "Deployment", WEB)["spec"]["template"]["metadata"]["annotations"]
    assert before["checksum/config"] != after["checksum/config"]


def test_notes_tell_the_hosts_and_where_migration_logs_are() -> None:
    text = notes(REQUIRED)
    assert f"https://{BASE}/" in text and f"*.{BASE}" in text
    assert "logs job/myschool-migrate" in text
