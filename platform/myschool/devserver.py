"""`make up`: migrate, create the demo federation, run the web server and a worker.

Uses whatever DATABASE_URL / CELERY_BROKER_URL say; with neither, the embedded
PostgreSQL and the file-based broker. Ctrl-C stops everything.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import django

PORT = os.environ.get("PORT", "8000")


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myschool.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    embedded = not os.environ.get("DATABASE_URL")
    if embedded:
        from myschool.localdb import database_url

        # The web server and the worker connect to the server this process
        # started instead of each joining it: one owner, one clean stop.
        os.environ["DATABASE_URL"] = database_url(settings.DATABASES["default"])
    call_command("migrate", interactive=False, verbosity=0)
    call_command("demo_federation")

    manage = [sys.executable, str(settings.ROOT_DIR / "manage.py")]
    children = [
        subprocess.Popen([*manage, "runserver", f"127.0.0.1:{PORT}"]),
        # One worker for every queue here; production runs one per queue class.
        subprocess.Popen([sys.executable, "-m", "celery", "-A", "myschool", "worker",
                          "-Q", ",".join(q.name for q in settings.CELERY_TASK_QUEUES), "--beat",
                          "--schedule", str(settings.DATA_DIR / "celerybeat-schedule"),
                          "--loglevel", "INFO", "--concurrency", "2"]),
    ]
    print(f"\nFederation: http://{settings.BASE_DOMAIN}:{PORT}/  (API docs: /api/docs/)")
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
