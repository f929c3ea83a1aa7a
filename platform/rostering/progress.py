"""An import's live progress, written where a page (or the command line) can read it while it runs.

The import itself is one long transaction, invisible to others until it
commits; progress therefore goes through a connection of its own, committed
at once, at most a few times a second.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any
from uuid import UUID

import psycopg
from django.conf import settings
from psycopg.types.json import Jsonb

from rostering.models import RosterImport

WRITE_EVERY_SECONDS = 0.5


class Progress:
    """Counts bytes and rows per file while staging, then merge steps; percent and ETA from both.

    Reading the files is most of the work, so it weighs 70 % and the merge 30 %.
    """

    def __init__(self, *, schema: str, import_id: UUID, total_bytes: int,
                 listener: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.schema, self.import_id, self.total_bytes = schema, import_id, max(total_bytes, 1)
        self.listener = listener
        self.bytes = 0
        self.rows: dict[str, int] = {}
        self.stage = ""
        self.steps_done, self.steps = 0, 1
        self.started = time.monotonic()
        self._written_at = 0.0
        self._connection: psycopg.Connection | None = None

    def begin(self, stage: str, steps: int = 1) -> None:
        self.stage, self.steps, self.steps_done = stage, max(steps, 1), 0
        self.publish(force=True)

    def step(self) -> None:
        self.steps_done += 1
        self.publish(force=True)

    def add_bytes(self, count: int) -> None:
        self.bytes += count

    def add_row(self, file: str) -> None:
        self.rows[file] = self.rows.get(file, 0) + 1
        self.publish()

    def snapshot(self) -> dict[str, Any]:
        reading = min(self.bytes / self.total_bytes, 1.0)
        merging = self.steps_done / self.steps if self.stage == "merging" else 0.0
        done = 1.0 if self.stage == "done" else 0.7 * reading + 0.3 * merging
        elapsed = time.monotonic() - self.started
        eta = round(elapsed / done - elapsed) if 0.02 < done < 1 else None
        return {"stage": self.stage, "rows": dict(self.rows), "percent": round(100 * done, 1),
                "elapsed_seconds": round(elapsed, 1), "eta_seconds": eta}

    def publish(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._written_at < WRITE_EVERY_SECONDS:
            return
        self._written_at = now
        data = self.snapshot()
        if self.listener is not None:
            self.listener(data)
        self._store(data)

    def _store(self, data: dict[str, Any]) -> None:
        if self._connection is None:
            db = settings.DATABASES["default"]
            self._connection = psycopg.connect(
                dbname=db["NAME"], user=db.get("USER") or None, password=db.get("PASSWORD") or None,
                host=db.get("HOST") or None, port=db.get("PORT") or None, autocommit=True,
            )
        table = RosterImport._meta.db_table
        # A region created in the import's own, still open transaction (tests, scripts
        # onboarding and rostering at once) is not there yet: nobody outside can poll it anyway.
        with contextlib.suppress(psycopg.errors.UndefinedTable, psycopg.errors.InvalidSchemaName):
            self._connection.execute(
                f'UPDATE "{self.schema}"."{table}" SET progress = %s WHERE id = %s',
                [Jsonb(data), self.import_id],
            )

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
