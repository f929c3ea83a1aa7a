"""A text progress bar for a release's roll-out to the regions."""

from __future__ import annotations

import time
from collections import Counter
from typing import TextIO

from federation.models import Release
from federation.selectors import Rollout, release_rollout

WIDTH = 30
NAMED = 6  # regions named on the line while they are waited for


def render(done: int, total: int, by_state: dict[str, int]) -> str:
    filled = WIDTH * done // total if total else 0
    others = ", ".join(f"{state} {n}" for state, n in sorted(by_state.items()) if state != "done" and n)
    bar = f"[{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total} regions"
    return f"{bar} ({others})" if others else bar


def render_rollout(rollout: Rollout) -> str:
    """The bar over the regions that may have the release, what the others do, and whom it waits for."""
    by_state = Counter(rollout.waiting.values())
    if rollout.failed:
        by_state["failed"] = len(rollout.failed)
    if rollout.skipped:
        by_state["skipped (suspended)"] = len(rollout.skipped)
    total = len(rollout.done) + len(rollout.failed) + len(rollout.waiting) + len(rollout.skipped)
    line = render(len(rollout.done), total, dict(by_state))
    if rollout.waiting:
        codes = sorted(rollout.waiting)
        more = f" and {len(codes) - NAMED} more" if len(codes) > NAMED else ""
        line += f"; waiting for {', '.join(codes[:NAMED])}{more}"
    return line


def watch(release: Release, out: TextIO, *, timeout: float, interval: float = 0.5) -> bool:
    """Redraw the bar until no active region is waited for, or `timeout` passes.

    Suspended regions are counted as skipped. True when every region it waited for has it.
    """
    deadline = time.monotonic() + timeout
    while True:
        rollout = release_rollout(release)
        out.write("\r" + render_rollout(rollout))
        out.flush()
        if rollout.settled or time.monotonic() > deadline:
            out.write("\n")
            return rollout.complete
        time.sleep(interval)
