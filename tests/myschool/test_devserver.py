"""`make up` (myschool.devserver): one per clone, a free port, and few database connections."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from myschool.database_url import database_url
from myschool.devserver import hold_clone_lock, web_server

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_up(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'platform'}",
                   "MYSCHOOL_DATA_DIR": str(tmp_path / "data"), **env}
    return subprocess.run([sys.executable, "-m", "myschool.devserver"], env=environment, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_a_second_make_up_in_the_clone_refuses_at_once_naming_the_first(tmp_path) -> None:
    lock = hold_clone_lock(tmp_path / "data")  # as the first `make up` holds it
    try:
        started = time.monotonic()
        second = make_up(tmp_path, PORT=str(free_port()))
    finally:
        lock.close()
    assert second.returncode == 1
    assert f"make up is already running in this clone (process {os.getpid()})" in second.stderr
    assert time.monotonic() - started < 20
    # Nothing of the clone's was started by the second one.
    assert not (tmp_path / "data" / "postgres").exists()


def test_make_up_refuses_a_port_another_program_holds(tmp_path) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = make_up(tmp_path, PORT=str(port))
    assert result.returncode == 1
    assert f"Port {port} on 127.0.0.1 is in use by another program" in result.stderr
    assert "PORT=8001 make up" in result.stderr


@pytest.fixture
def dev_web_server(db, tmp_path, request) -> Iterator[int]:
    """`make up`'s web server, as it starts it, on this run's database (plus the param's environment)."""
    port = free_port()
    command, env = web_server(str(port))
    env.update({**getattr(request, "param", {}), "DATABASE_URL": database_url(connection.settings_dict),
                "MYSCHOOL_DATA_DIR": str(tmp_path / "data"),
                "PYTHONPATH": f"{ROOT}:{ROOT / 'platform'}"})
    log = (tmp_path / "runserver.log").open("w")
    process = subprocess.Popen([*command, "--noreload"], env=env, cwd=ROOT, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, (tmp_path / "runserver.log").read_text()
                assert time.monotonic() < deadline, "runserver did not start"
                time.sleep(0.3)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def connections_to(name: str) -> int:
    with psycopg.connect(database_url(connection.settings_dict, name="postgres"), autocommit=True) as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchone()[0]


def test_the_dev_web_server_holds_few_database_connections_however_many_requests(dev_web_server) -> None:
    """runserver answers each request on a new thread; each used to keep a connection of its own."""
    name = connection.settings_dict["NAME"]
    before = connections_to(name)  # this test's own, in its transaction
    for _ in range(60):
        client = http.client.HTTPConnection("127.0.0.1", dev_web_server, timeout=30)
        client.request("GET", "/readyz", headers={"Host": "myschool.localhost"})
        response = client.getresponse()
        response.read()
        client.close()
        assert response.status in {200, 503}  # ready or not, it asked the database
    time.sleep(0.5)
    # The server's own start-up checks may keep one; 60 requests add none.
    assert connections_to(name) - before <= 2


# DEBUG=1 make up too: with DEBUG Django's own console handler would print django.* lines again.
@pytest.mark.parametrize("dev_web_server", [{}, {"DEBUG": "1"}], indirect=True)
def test_the_dev_web_server_says_each_thing_once_and_warns_of_nothing(dev_web_server, tmp_path) -> None:
    client = http.client.HTTPConnection("127.0.0.1", dev_web_server, timeout=30)
    client.request("GET", "/no-such-page/", headers={"Host": "myschool.localhost"})
    response = client.getresponse()
    response.read()
    client.close()
    assert response.status == 404
    time.sleep(0.5)
    log = (tmp_path / "runserver.log").read_text()
    assert log.count("Not Found: /no-such-page/") == 1
    assert "Warning" not in log and "WARNING: This is a development server" not in log


def test_printed_logins_and_invitation_links_use_the_port_served(db) -> None:
    show = ("import django; django.setup(); from django.conf import settings; "
            "from tenants.selectors import host_url; print(host_url(settings.BASE_DOMAIN))")
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'platform'}", "PORT": "8311",
           "DJANGO_SETTINGS_MODULE": "myschool.settings",
           "DATABASE_URL": database_url(connection.settings_dict)}
    env.pop("PUBLIC_URL_PORT", None)
    result = subprocess.run([sys.executable, "-c", show], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "http://myschool.localhost:8311/", result.stderr
