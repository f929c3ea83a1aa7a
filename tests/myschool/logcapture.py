"""Capturing log lines exactly as production writes them: JSON, with region and request id."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from myschool.logs import ContextFilter, JsonFormatter


class JsonLines:
    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    def clear(self) -> None:
        self.stream.seek(0)
        self.stream.truncate()

    def all(self) -> list[dict]:
        return [json.loads(line) for line in self.stream.getvalue().splitlines()]

    def of(self, logger: str) -> list[dict]:
        return [line for line in self.all() if line["logger"] == logger]


@contextmanager
def json_lines() -> Iterator[JsonLines]:
    """Every record from INFO up, formatted by the production formatter, one JSON object a line."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ContextFilter())
    root, requests = logging.getLogger(), logging.getLogger("myschool.request")
    levels = root.level, requests.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    requests.setLevel(logging.INFO)  # as in production; development leaves it to runserver
    try:
        yield JsonLines(stream)
    finally:
        root.removeHandler(handler)
        root.setLevel(levels[0])
        requests.setLevel(levels[1])
