"""Django's PostgreSQL backend, with a connection's health checked only after it sat idle.

With CONN_HEALTH_CHECKS Django sends `SELECT 1` before the first query of
every request on a persistent connection, to find one that died while idle (a
database restart, a failover, a proxy's idle timeout). A busy web process
passes its connection from one request to the next within milliseconds; the
check then costs a round trip and tells nothing the last request did not. So,
as PgBouncer does (server_check_delay), a connection whose last request ended
cleanly less than DATABASE_HEALTH_CHECK_DELAY seconds ago is used without the
check; one idle for longer, or whose request met a database error, is checked
as before. A connection that died within that window fails the one request
that uses it, which then closes it (Django closes a connection that met an
error and no longer answers).

django-tenants wraps this class (ORIGINAL_BACKEND) to add the region's search path.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.signals import request_finished
from django.db import connections
from django.db.backends.postgresql import base as postgresql

__all__ = ["DatabaseWrapper"]


class DatabaseWrapper(postgresql.DatabaseWrapper):
    # time.monotonic() when a request last ended with this connection working, else None.
    released_healthy_at: float | None = None

    def close_if_health_check_failed(self) -> None:
        released = self.released_healthy_at
        if (
            released is not None
            and self.connection is not None
            and time.monotonic() - released < settings.DATABASE_HEALTH_CHECK_DELAY
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def connect(self) -> None:
        self.released_healthy_at = None
        super().connect()

    def note_request_finished(self) -> None:
        """After a request: working (open, no unexplained error) connections are trusted a while."""
        healthy = self.connection is not None and not self.errors_occurred
        self.released_healthy_at = time.monotonic() if healthy else None


def _note_request_finished(**_kwargs: Any) -> None:
    for connection in connections.all(initialized_only=True):
        if isinstance(connection, DatabaseWrapper):
            connection.note_request_finished()


# After Django's own receiver, which closes a connection that met an error and no longer answers.
request_finished.connect(_note_request_finished, dispatch_uid="myschool-database-request-finished")
