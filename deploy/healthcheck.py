"""Container health checks: `python deploy/healthcheck.py [web|worker|broker]`; exit 0 when healthy.

- web (the image's HEALTHCHECK): GET /healthz on this container's gunicorn. The
  request names BASE_DOMAIN as its host, which ALLOWED_HOSTS accepts, and says it
  came over HTTPS, so production's redirect to https does not answer for the app.
- worker: this container's Celery worker answers a ping through the broker.
- broker: the broker accepts a connection (for beat, which has nothing to ask).
"""

from __future__ import annotations

import http.client
import os
import socket
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from celery import Celery


def web() -> bool:
    port = int(os.environ.get("PORT", "8000"))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/healthz", headers={
            "Host": os.environ.get("BASE_DOMAIN", "myschool.localhost"),
            "X-Forwarded-Proto": "https",
        })
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _celery_app() -> Celery:
    # Imported here: the web check, run every few seconds, must not pay for Django.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myschool.settings")
    # A check is a short-lived process: its metrics must not join the container's
    # multi-process files, where they would outlive it.
    os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
    from myschool.celery import app

    return app


def worker() -> bool:
    replies = _celery_app().control.ping(destination=[f"celery@{socket.gethostname()}"], timeout=5)
    return bool(replies)


def broker() -> bool:
    with _celery_app().connection_for_write() as connection:
        try:
            connection.ensure_connection(max_retries=1, timeout=5)
        except Exception:  # any failure to connect is "unhealthy"
            return False
    return True


CHECKS = {"web": web, "worker": worker, "broker": broker}

if __name__ == "__main__":
    check = sys.argv[1] if len(sys.argv) > 1 else "web"
    if check not in CHECKS:
        sys.exit(f"usage: healthcheck.py [{'|'.join(CHECKS)}]")
    sys.exit(0 if CHECKS[check]() else 1)
