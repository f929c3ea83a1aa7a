"""The benchmarks' throwaway databases, named bench_<purpose>_<pid>.

The server is the one DATABASE_URL names (any database on it), else the local
default; only the database name is replaced. Other people's databases live on
the same server, so nothing here touches a name outside our prefix.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

PREFIX = "bench_"
DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres"
# What every benchmark's Django runs with, unless the environment says otherwise.
DJANGO_DEFAULTS = {
    "DJANGO_SETTINGS_MODULE": "myschool.settings",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",  # invitations stay in memory
    "LOG_LEVEL": "WARNING",
}


def database_name(pid: int, purpose: str = "onboarding") -> str:
    return f"{PREFIX}{purpose}_{pid}"


def database_url(name: str, server_url: str | None = None) -> str:
    """DATABASE_URL's server (user, host, port, options) with database `name`."""
    parts = urlsplit(server_url or os.environ.get("DATABASE_URL") or DEFAULT_SERVER_URL)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _guard(name: str) -> sql.Identifier:
    if not name.startswith(PREFIX):
        raise ValueError(f"refusing to touch database {name!r}: not a {PREFIX}* database")
    return sql.Identifier(name)


def _maintenance_connection(server_url: str | None) -> psycopg.Connection:
    # CREATE/DROP DATABASE refuse to run inside a transaction block.
    return psycopg.connect(database_url("postgres", server_url), autocommit=True)


def create_database(name: str, server_url: str | None = None) -> None:
    ident = _guard(name)
    with _maintenance_connection(server_url) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(ident))


def drop_database(name: str, server_url: str | None = None) -> None:
    """Drop `name` if it exists, even with sessions still attached (e.g. after a crash)."""
    ident = _guard(name)
    with _maintenance_connection(server_url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))


@contextmanager
def throwaway_database(purpose: str, *, keep: bool = False, **environment: str) -> Iterator[str]:
    """An empty database bench_<purpose>_<pid> for this run; its URL.

    It is made on the server DATABASE_URL names (else the local default) and
    becomes this process's DATABASE_URL, with DJANGO_DEFAULTS and `environment`
    (seen by django.setup() and by the processes the benchmark starts). Afterwards
    Django's connections are closed and it is dropped, unless `keep`.
    """
    server_url = os.environ.get("DATABASE_URL") or DEFAULT_SERVER_URL
    name = database_name(os.getpid(), purpose)
    create_database(name, server_url)
    url = database_url(name, server_url)
    for key, value in DJANGO_DEFAULTS.items():
        os.environ.setdefault(key, value)
    os.environ.update({**environment, "DATABASE_URL": url})
    try:
        yield url
    finally:
        close_django_connections()
        if keep:
            print(f"kept database {name}", file=sys.stderr)
        else:
            drop_database(name, server_url)


def close_django_connections() -> None:
    """Close Django's connections, if Django was set up: a database in use cannot be dropped."""
    from django.apps import apps

    if apps.ready:
        from django.db import connections

        connections.close_all()


def onboarded_region(code: str, name: str) -> Any:
    """Migrate this run's database and onboard region `code` (Moscow time) in it: the Region.

    After django.setup(), inside throwaway_database. The region's admin is
    admin@<code's subdivision, lower case>.example.
    """
    from django.core.management import call_command

    from tenants.models import Region
    from tenants.services.onboarding import onboard_region

    call_command("migrate", interactive=False, verbosity=0)
    run = onboard_region(
        code=code,
        name=name,
        time_zone="Europe/Moscow",
        admin_email=f"admin@{code.split('-')[1].lower()}.example",
    )
    assert run.state == "done", run.error
    return Region.objects.get(code=code)
