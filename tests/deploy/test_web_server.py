"""The image's web role run from this checkout: the build's collectstatic, then
`deploy/entrypoint.sh web` (gunicorn with deploy/gunicorn.conf.py) in production
mode serving the collected files through whitenoise, on loopback only.
"""

from __future__ import annotations

import http.client
import json
import os
import runpy
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOST = "myschool.test"
PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "web-server-test-" + "0123456789abcdefghijklmnopqrstuvwxyz" * 2,
    "ALLOWED_HOSTS": f"{HOST},.{HOST}",
    "BASE_DOMAIN": HOST,
    "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    "CELERY_BROKER_URL": "memory://",
    "METRICS_TOKEN": "web-server-test-metrics-token",
    "LOG_FORMAT": "json",
}


def environment(**extra: str) -> dict[str, str]:
    venv_bin = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": f"{venv_bin}:{os.environ['PATH']}",
            "PYTHONPATH": f"{ROOT}:{ROOT / 'platform'}", **PRODUCTION, **extra}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def static_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What the Dockerfile's collectstatic step leaves in the image."""
    root = tmp_path_factory.mktemp("static")
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "--verbosity", "0"],
        env=environment(STATIC_ROOT=str(root)), capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def server(static_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    scratch = tmp_path_factory.mktemp("web")
    metrics = scratch / "prometheus"
    metrics.mkdir()
    (metrics / "counter_999999.db").write_bytes(b"left over by a previous run")
    log = scratch / "stdout.log"
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            ["sh", str(ROOT / "deploy" / "entrypoint.sh"), "web", "--bind", f"127.0.0.1:{port}"],
            env=environment(STATIC_ROOT=str(static_root), PROMETHEUS_MULTIPROC_DIR=str(metrics),
                            GUNICORN_WORKERS="1", GUNICORN_THREADS="2",
                            GUNICORN_CONTROL_SOCKET=str(scratch / "gunicorn.ctl")),
            stdout=out, stderr=subprocess.STDOUT, cwd=scratch,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        yield SimpleNamespace(port=port, log=log, process=process, metrics=metrics, static_root=static_root)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def get(server: SimpleNamespace, path: str, **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", path, headers={"Host": HOST, "X-Forwarded-Proto": "https", **headers})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def hashed(static_root: Path, name: str) -> str:
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    return manifest["paths"][name]


def test_collected_files_have_hashed_names_and_compressed_copies(static_root: Path) -> None:
    name = hashed(static_root, "rest_framework/css/bootstrap.min.css")
    assert name != "rest_framework/css/bootstrap.min.css"
    assert (static_root / name).is_file()
    assert (static_root / f"{name}.gz").is_file()


def test_gunicorn_serves_static_files_cached_forever_and_compressed(server) -> None:
    name = hashed(server.static_root, "rest_framework/css/bootstrap.min.css")

    response = get(server, f"/static/{name}", **{"Accept-Encoding": "gzip"})

    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert "immutable" in response.getheader("Cache-Control")
    assert len(response.body) < (server.static_root / name).stat().st_size


def test_production_redirects_plain_http_which_is_why_probes_say_https(server) -> None:
    name = hashed(server.static_root, "rest_framework/css/bootstrap.min.css")
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", f"/static/{name}", headers={"Host": HOST})
    response = connection.getresponse()
    connection.close()
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/static/{name}"


def test_log_lines_are_json_objects_even_with_quotes_in_a_request(server) -> None:
    name = hashed(server.static_root, "rest_framework/css/bootstrap.min.css")
    get(server, f"/static/{name}", **{"X-Request-ID": "req-42", "User-Agent": 'probe "quoted"/1.0'})

    deadline = time.monotonic() + 10
    while True:
        # Every line, the server's own included, is one JSON object (a log collector's unit).
        entries = [json.loads(line) for line in server.log.read_text().splitlines()]
        # The access line (the application's own lines carry the request id too).
        mine = [entry for entry in entries if entry.get("request_id") == "req-42" and "path" in entry]
        if mine or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert mine, server.log.read_text()
    assert mine[0]["path"] == f"/static/{name}"
    assert mine[0]["status"] == 200
    assert mine[0]["host"] == HOST
    assert mine[0]["user_agent"] == 'probe "quoted"/1.0'
    assert mine[0]["bytes"] > 0
    assert any(entry["message"].startswith("Booting worker") for entry in entries if "message" in entry)


def test_a_new_server_starts_with_an_empty_metrics_folder(server) -> None:
    assert not (server.metrics / "counter_999999.db").exists()


def test_sigterm_stops_the_server_cleanly(server) -> None:
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=40) == 0


def test_a_dead_workers_live_gauges_go_and_its_counts_stay(tmp_path: Path, monkeypatch) -> None:
    code = (
        "import os, prometheus_client as p; "
        "p.Gauge('in_flight', 'x', multiprocess_mode='livesum').set(3); "
        "p.Counter('served', 'x').inc(); print(os.getpid())"
    )
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    pid = int(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                             check=True, timeout=60).stdout)
    assert (tmp_path / f"gauge_livesum_{pid}.db").exists()

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    config["child_exit"](None, SimpleNamespace(pid=pid))

    assert not (tmp_path / f"gauge_livesum_{pid}.db").exists()
    assert (tmp_path / f"counter_{pid}.db").exists()
