"""Gunicorn settings for the web container, read from the environment.

`deploy/entrypoint.sh web` starts `gunicorn --config deploy/gunicorn.conf.py
myschool.wsgi:application`. Threads rather than many processes: requests mostly
wait on PostgreSQL, and every process holds its own database connections and
memory. Inside a container the CPU count is the node's, not the pod's limit, so
the worker count is an explicit setting (GUNICORN_WORKERS, default 2).
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gunicorn.glogging import Logger


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = f"0.0.0.0:{_int('PORT', 8000)}"
workers = _int("GUNICORN_WORKERS", 2)
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
# A request still running after this many seconds is killed with its worker.
timeout = _int("GUNICORN_TIMEOUT", 30)
# On SIGTERM (a rollout, a scale-down) requests in flight get this long to finish;
# keep it below the pod's terminationGracePeriodSeconds.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 25)
# Longer than the ingress controller's idle upstream timeout would cause 502s on
# reused connections; a few seconds is safe behind any of them.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so a slow leak never takes a pod down; the jitter
# keeps them from all restarting at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# The root filesystem is read-only in the cluster: everything gunicorn writes
# goes to /tmp (an emptyDir) or shared memory.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "/tmp/gunicorn.ctl")

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {"time": _now(), "level": record.levelname, "logger": record.name,
                "message": record.getMessage(), "pid": record.process}
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class JsonLogger(Logger):
    """Gunicorn's own lines and its access log as JSON objects, like the app's in production.

    The access line is built with json rather than access_log_format, which does
    not escape what it substitutes: a quote in a path or header would break it.
    """

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(_JsonFormatter())

    def access(self, resp: Any, req: Any, environ: dict, request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        status = str(atoms["s"])
        size = atoms.get("{content-length}o") or atoms["B"]
        line = {
            "time": _now(),
            "level": "INFO",
            "logger": "gunicorn.access",
            "method": atoms["m"],
            "path": atoms["U"],
            "query": atoms["q"] or "",
            "status": int(status) if status.isdigit() else status,
            "bytes": int(size) if str(size).isdigit() else None,
            "duration_ms": atoms["M"],
            "host": atoms.get("{host}i", ""),
            "request_id": atoms.get("{x-request-id}i", ""),
            "remote": atoms["h"],
            "user_agent": atoms["a"],
        }
        self.access_log.info(json.dumps(line, ensure_ascii=False))


_default_format = "json" if os.environ.get("DJANGO_ENV") == "production" else "plain"
if (os.environ.get("LOG_FORMAT") or _default_format).strip().lower() == "json":
    logger_class = JsonLogger


def on_starting(server: object) -> None:
    """Start every server with an empty metrics folder: files of a previous run would be summed in."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob("*.db"):
            stale.unlink()


def child_exit(server: object, worker: object) -> None:
    """Drop a dead worker's live gauges from the multi-process metrics."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    try:
        from prometheus_client import multiprocess
    except ImportError:
        return
    multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]
