"""Log lines that say which region and which request they belong to.

The region code and request id live in context variables: a web request binds
them in `myschool.telemetry.TelemetryMiddleware` (region routing fills in the
region), a Celery task in `myschool.task_telemetry`. `ContextFilter` copies them
onto every record a handler emits, so both formats below can print them.

Production (DJANGO_ENV=production, or LOG_FORMAT=json) writes one JSON object a
line; development keeps plain text. This module is loaded by the logging
configuration, before Django's apps: it must not import models.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import UTC, datetime

NO_REGION = "-"
NO_REQUEST = "-"

_region: ContextVar[str] = ContextVar("myschool_region", default=NO_REGION)
_request_id: ContextVar[str] = ContextVar("myschool_request_id", default=NO_REQUEST)

# What we accept from a proxy's X-Request-ID: a UUID, a hex digest, or dotted or
# dashed trace ids. Anything else (spaces, newlines, quotes, 200 KB) could forge
# or bloat log lines, so it is replaced by an id of our own.
_WELL_FORMED_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")


def current_region() -> str:
    return _region.get()


def current_request_id() -> str:
    return _request_id.get()


def bind_region(code: str | None) -> None:
    """Mark the rest of this request or task as belonging to region `code` (None: federation)."""
    _region.set(code or NO_REGION)


def request_id_from(header: str | None) -> str:
    """The caller's request id if well-formed, else a new one (32 hex digits)."""
    if header and _WELL_FORMED_ID.match(header):
        return header
    return uuid.uuid4().hex


def forget() -> None:
    """Back to no region and no request (a request's context ends with its response)."""
    _region.set(NO_REGION)
    _request_id.set(NO_REQUEST)


Bound = tuple[Token[str], Token[str]]


def bind(*, region: str | None, request_id: str) -> Bound:
    """Bind region and request id until `unbind` is given what this returns."""
    return _region.set(region or NO_REGION), _request_id.set(request_id)


def unbind(bound: Bound) -> None:
    """Restore the values `bind` replaced (and any region bound since)."""
    region_token, request_token = bound
    _request_id.reset(request_token)
    _region.reset(region_token)


@contextmanager
def log_context(*, region: str | None, request_id: str) -> Iterator[None]:
    """Bind region and request id for the block; the previous values come back after it."""
    bound = bind(region=region, request_id=request_id)
    try:
        yield
    finally:
        unbind(bound)


class ContextFilter(logging.Filter):
    """Puts `region` and `request_id` on each record; never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "region"):
            record.region = _region.get()
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


# Attributes every LogRecord has; anything else on a record came from `extra=`.
_RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
_PLAIN = (str, int, float, bool, type(None))


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, region, request_id, then extras.

    Plain values passed with `extra=` (text, numbers, booleans) are included
    under their own names; structured ones are not, which keeps out Celery's
    `data` with every task's arguments. An exception's traceback goes under
    `exception`. Non-ASCII text stays readable.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "region": getattr(record, "region", None) or _region.get(),
            "request_id": getattr(record, "request_id", None) or _request_id.get(),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and key not in entry and isinstance(value, _PLAIN):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)
