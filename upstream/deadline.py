"""The current GraphQL request's deadline, seen by every upstream call made on its behalf.

The server sets it when a request starts (`request_deadline`); tasks started during the request
(data loaders' batches too) inherit it, as context variables are copied into new tasks. Upstream
calls stop at it; the server's own hard stop comes `margin` later, so an upstream that runs out of
time is a typed field error with the rest of the answer, not a lost request.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_deadline: ContextVar[float | None] = ContextVar("upstream_deadline", default=None)


def upstream_margin(seconds: float) -> float:
    """How much sooner than the request's deadline its upstream calls must finish."""
    return min(0.5, seconds / 10)


@contextmanager
def request_deadline(seconds: float) -> Iterator[float]:
    """Upstream calls within this block end by `seconds - upstream_margin(seconds)` from now (loop time)."""
    at = asyncio.get_running_loop().time() + seconds - upstream_margin(seconds)
    token = _deadline.set(at)
    try:
        yield at
    finally:
        _deadline.reset(token)


def current_deadline() -> float | None:
    """The loop time by which upstream calls must be over, or None outside a request (tests, scripts)."""
    return _deadline.get()
