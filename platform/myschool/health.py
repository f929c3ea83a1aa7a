"""Readiness checks: database, broker, migrations. Polled every few seconds, so each is cheap.

Every check returns a `Check`; none raises. The database and migration checks
use schema-qualified SQL only, so they neither need a region nor move the
connection's search path.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from django_tenants.utils import get_public_schema_name

from tenants.migration_executor import schemas_behind
from tenants.models import Region
from tenants.schemas import expected_migrations

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str = ""

    def as_json(self) -> dict[str, object]:
        return {"ok": self.ok, **({"detail": self.detail} if self.detail else {})}


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("Readiness: database unreachable: %s", exc)
        return Check(False, f"unreachable ({type(exc).__name__})")
    return Check(True)


def check_broker() -> Check:
    """Open a fresh connection to CELERY_BROKER_URL within HEALTH_CHECK_TIMEOUT seconds.

    A fresh one, not one from the pool: a pooled connection can look open after
    the broker went away.
    """
    from myschool.celery import app

    timeout = settings.HEALTH_CHECK_TIMEOUT
    try:
        with app.connection_for_write(url=settings.CELERY_BROKER_URL, connect_timeout=timeout) as conn:
            conn.ensure_connection(max_retries=0, timeout=timeout)
    except Exception as exc:  # kombu raises the transport's own errors as well as its own
        logger.warning("Readiness: broker unreachable: %s", exc)
        return Check(False, f"unreachable ({type(exc).__name__})")
    return Check(True)


_regions_current_at: float | None = None


def forget_region_migrations() -> None:
    """Make the next readiness check look at region schemas again (tests, after migrating)."""
    global _regions_current_at
    _regions_current_at = None


def check_migrations() -> Check:
    """Public schema and every region schema hold every migration the code defines.

    Migrations applied by newer code are fine (old pods stay ready during a
    roll-out). Region schemas are only looked at again READYZ_REGIONS_CACHE_SECONDS
    after they were last found current: migrations only move forward, and new
    regions are created at the current state.
    """
    global _regions_current_at
    public = connection.ops.quote_name(get_public_schema_name())
    expected = expected_migrations()
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT app, name FROM {public}.django_migrations")
            missing = expected - set(cursor.fetchall())
            if missing:
                return Check(False, f"public schema: {len(missing)} unapplied")
            now = time.monotonic()
            cached = _regions_current_at is not None and (
                now - _regions_current_at < settings.READYZ_REGIONS_CACHE_SECONDS
            )
            if cached:
                return Check(True)
            cursor.execute(
                f"SELECT schema_name FROM {public}.{connection.ops.quote_name(Region._meta.db_table)}"
            )
            behind = schemas_behind([row[0] for row in cursor.fetchall()])
    except DatabaseError as exc:
        return Check(False, f"cannot be read ({type(exc).__name__})")
    if behind:
        logger.warning("Readiness: region schemas behind the code: %s", ", ".join(behind))
        return Check(False, f"{len(behind)} region schema(s) behind")
    _regions_current_at = now
    return Check(True)


def readiness() -> dict[str, Check]:
    """Each check by name; migrations are not checked when the database is down."""
    database = check_database()
    return {
        "database": database,
        "broker": check_broker(),
        "migrations": check_migrations() if database.ok else Check(False, "database unreachable"),
    }
