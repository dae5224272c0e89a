"""Tells the current GraphQL request when one of its upstream calls has been waiting a long time.

Admission control (schema/admission.py) bounds what a worker executes at once because the requests
share one event loop; a request whose upstream call hangs (a sick upstream, up to its timeout) holds
its place while using none of it, and a few such requests would keep every other query out. The
request's watcher, set by the server for the request (tasks started during it inherit it, as context
variables are copied into new tasks), is told once a call has waited `after` seconds.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol


class StallWatcher(Protocol):
    stall_seconds: float

    def stalled(self) -> None:
        """One of the request's upstream calls has waited `stall_seconds` (called at most once per call)."""


_watcher: ContextVar[StallWatcher | None] = ContextVar("upstream_stall_watcher", default=None)


@contextmanager
def watched_by(watcher: StallWatcher) -> Iterator[None]:
    """Upstream calls made within this block (and tasks it starts) report stalls to `watcher`."""
    token = _watcher.set(watcher)
    try:
        yield
    finally:
        _watcher.reset(token)


@contextmanager
def watch_call() -> Iterator[None]:
    """Around one upstream call: the current watcher is told if it lasts `stall_seconds` or more."""
    watcher = _watcher.get()
    if watcher is None or watcher.stall_seconds <= 0:
        yield
        return
    timer = asyncio.get_running_loop().call_later(watcher.stall_seconds, watcher.stalled)
    try:
        yield
    finally:
        timer.cancel()
