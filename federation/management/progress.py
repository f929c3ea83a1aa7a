"""A text progress bar for a release's fan-out."""

from __future__ import annotations

import time
from typing import TextIO

from federation.models import Release
from federation.selectors import release_progress

WIDTH = 30


def render(done: int, total: int, by_state: dict[str, int]) -> str:
    filled = WIDTH * done // total if total else 0
    others = ", ".join(f"{state} {n}" for state, n in sorted(by_state.items()) if state != "done" and n)
    bar = f"[{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total} regions"
    return f"{bar} ({others})" if others else bar


def watch(release: Release, out: TextIO, *, timeout: float, interval: float = 0.5) -> bool:
    """Redraw the bar until every region is done or failed, or `timeout` passes. True when all done."""
    deadline = time.monotonic() + timeout
    while True:
        progress = release_progress(release)
        out.write("\r" + render(progress.done, progress.total, progress.by_state))
        out.flush()
        settled = progress.total and progress.done + progress.by_state.get("failed", 0) == progress.total
        if settled or time.monotonic() > deadline:
            out.write("\n")
            return progress.complete
        time.sleep(interval)
