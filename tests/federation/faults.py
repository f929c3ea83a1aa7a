"""Tools of the fault suite: a real worker in its own processes, a TCP proxy that can cut the
broker, a second PostgreSQL session that holds locks, and the clean-run comparison."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection

from federation import apply
from federation.selectors import latest_sequence
from tenants.models import Region

ROOT = Path(__file__).resolve().parents[2]


class BrokerProxy:
    """A TCP proxy on 127.0.0.1 to the broker; `cut()` drops every connection and refuses new ones."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self.restore()

    def url(self, vhost: str) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/{vhost}"

    def restore(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._open += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


class Worker:
    """`celery -A myschool worker` (prefork, one child) on the test database, in its own process."""

    def __init__(self, log: Path, *, broker_url: str, beat: bool = False, **env: str) -> None:
        db = connection.settings_dict
        host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
        database_url = f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}"
        self.log = log
        command = [sys.executable, "-m", "celery", "-A", "myschool", "worker", "--pool", "prefork",
                   "--concurrency", "1", "--queues", "sync,default", "--loglevel", "INFO",
                   "--without-gossip", "--without-mingle", "--purge",
                   "--hostname", f"faults-{os.getpid()}@%h"]
        if beat:
            command += ["--beat", "--schedule", str(log.with_suffix(".beat"))]
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT,
            env={**os.environ, "DATABASE_URL": database_url, "CELERY_BROKER_URL": broker_url,
                 "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'platform'}", **env},
        )
        wait_for(lambda: "ready." in log.read_text(), timeout=60, what=f"the worker (log {log})")

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def side_session() -> psycopg.Connection:
    """Another PostgreSQL session on the test database (an operator's psql)."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params)


def wait_for(condition: Callable[[], object], *, timeout: float, what: str, every: float = 0.2) -> float:
    """Poll until `condition()` is true; return the seconds it took."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"{what} did not happen within {timeout:.0f} s")
        time.sleep(every)
    return time.monotonic() - start


def backend_waiting_on(*names: str) -> int | None:
    """The pid of a backend waiting for a lock in a statement naming every one of `names`, if any."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE ALL(%s)",
            [[f"%{name}%" for name in names]],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def all_regions_clean() -> bool:
    """Every active region holds what a clean run holds at the latest release."""
    latest = latest_sequence()
    expected = apply.expected_checksum(latest)
    for region in Region.objects.filter(status="active"):
        if region.sync.applied_sequence != latest or apply.catalogue_checksum(region.schema_name) != expected:
            return False
    return True


def catalogue_rows(region: Region) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT item_id, version_id, version_number, withdrawn, collections, sequence'
            f' FROM "{region.schema_name}".catalogue_catalogueitem ORDER BY item_id'
        )
        return cursor.fetchall()


def assert_same_as_clean_run(clean: Region) -> None:
    """Rows and checksum of every region equal those of `clean`, a region no fault touched."""
    reference, checksum = catalogue_rows(clean), apply.catalogue_checksum(clean.schema_name)
    assert checksum == apply.expected_checksum(latest_sequence())
    for region in Region.objects.filter(status="active"):
        assert catalogue_rows(region) == reference, region.code
        assert apply.catalogue_checksum(region.schema_name) == checksum, region.code


def report(fault: str, seconds: float) -> None:
    print(f"\n[fault suite] {fault}: recovered in {seconds:.1f} s", file=sys.stderr)


def broker_target() -> tuple[str, int]:
    from urllib.parse import urlsplit

    parts = urlsplit(settings.CELERY_BROKER_URL)
    return parts.hostname or "127.0.0.1", parts.port or 5672


def broker_vhost() -> str:
    from urllib.parse import urlsplit

    return urlsplit(settings.CELERY_BROKER_URL).path.lstrip("/")
