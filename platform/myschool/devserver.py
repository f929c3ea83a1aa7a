"""`make up`: migrate, create the demo federation, run the web server and a worker.

Uses whatever DATABASE_URL / CELERY_BROKER_URL say; with neither, the embedded
PostgreSQL and the file-based broker. Serves on 127.0.0.1:PORT (8000 unless
PORT says otherwise). One `make up` per clone: a second one refuses at once,
naming the first, instead of sharing (and at its end stopping) its database.
Ctrl-C stops everything.
"""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import django

from myschool.paths import DATA_DIR

PORT = os.environ.get("PORT", "8000")
BIND_ADDRESS = "127.0.0.1"
LOCK_FILE = "make-up.pid"


class AlreadyRunning(Exception):
    """Another `make up` holds this clone's lock; its message says which process."""


def hold_clone_lock(data_dir: Path) -> IO[str]:
    """Take this clone's `make up` lock (kept while the returned file stays open).

    The operating system drops the lock when the process ends, however it ends,
    so a killed `make up` never leaves a stale one.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = (data_dir / LOCK_FILE).open("a+")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        holder = lock.read().strip() or "?"
        lock.close()
        raise AlreadyRunning(
            f"make up is already running in this clone (process {holder}); it owns the embedded "
            f"PostgreSQL and the files in {data_dir}. Stop it first (Ctrl-C in its terminal, "
            f"or `kill {holder}`), or use it: it is still serving."
        ) from None
    lock.seek(0)
    lock.truncate()
    lock.write(f"{os.getpid()}\n")
    lock.flush()
    return lock


def port_is_free(port: str) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((BIND_ADDRESS, int(port)))
        except OSError:
            return False
    return True


def web_server(port: str) -> tuple[list[str], dict[str, str]]:
    """The development web server's command and environment.

    runserver answers each request on a thread of its own, so every request
    would open and keep its own database connection: here each is closed when
    its request ends (DATABASE_CONN_MAX_AGE=0), which keeps PostgreSQL's
    connections bounded. DEBUG is off, as the demo is what people see: the
    project's own error pages, never Django's debug pages (set DEBUG=1 to get them).
    """
    from django.conf import settings

    # runserver's "this is a development server" notice is what `make up` says of itself.
    env = {**os.environ, "DATABASE_CONN_MAX_AGE": "0", "PORT": port, "DJANGO_RUNSERVER_HIDE_WARNING": "true"}
    env.setdefault("DEBUG", "0")
    # --insecure: static files (the API docs' pages) are served with DEBUG off too.
    command = [sys.executable, str(settings.ROOT_DIR / "manage.py"), "runserver", "--insecure",
               f"{BIND_ADDRESS}:{port}"]
    return command, env


def main() -> int:
    try:
        lock = hold_clone_lock(DATA_DIR)
    except AlreadyRunning as exc:
        print(exc, file=sys.stderr)
        return 1
    if not port_is_free(PORT):
        print(f"Port {PORT} on {BIND_ADDRESS} is in use by another program; choose another one, "
              f"e.g. `PORT=8001 make up`.", file=sys.stderr)
        return 1
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myschool.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    embedded = not os.environ.get("DATABASE_URL")
    if embedded:
        from myschool.database_url import database_url

        # The web server and the worker connect to the server this process
        # started instead of each joining it: one owner, one clean stop.
        os.environ["DATABASE_URL"] = database_url(settings.DATABASES["default"])
    call_command("migrate", interactive=False, verbosity=0)
    call_command("demo_federation")

    command, env = web_server(PORT)
    children = [
        subprocess.Popen(command, env=env),
        # One worker for every queue here; production runs one per queue class.
        subprocess.Popen([sys.executable, "-m", "celery", "-A", "myschool", "worker",
                          "-Q", ",".join(q.name for q in settings.CELERY_TASK_QUEUES), "--beat",
                          "--schedule", str(settings.DATA_DIR / "celerybeat-schedule"),
                          "--loglevel", "INFO", "--concurrency", "2"]),
    ]
    print(f"\nFederation: http://{settings.BASE_DOMAIN}:{PORT}/  (API docs: /api/docs/)")
    print("E-mails (invitations to set a password) are printed here, between lines of dashes.")
    print("Press Ctrl-C to stop.\n", flush=True)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    except KeyboardInterrupt:
        # Ctrl-C reached the children too; give them time to finish on their own.
        _wait(children, seconds=10)
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    _wait(children, seconds=15)
    for child in children:
        if child.poll() is None:
            child.kill()
    if embedded:
        from myschool.localdb import stop_embedded_database

        stop_embedded_database(settings.DATA_DIR / "postgres")
    print("Stopped.")
    lock.close()
    return 0


def _wait(children: list[subprocess.Popen], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    sys.exit(main())
