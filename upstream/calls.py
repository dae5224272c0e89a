"""How many upstream requests the current GraphQL request has made (for per-consumer upstream rate limits).

A context variable holds a counter for the request being served; asyncio tasks (DataLoader batches,
parallel resolvers) copy the context, so they all add to the same counter. Token requests to HMPPS
Auth are not counted: they are the graph's, not the consumer's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class UpstreamCalls:
    count: int = 0


_CURRENT: ContextVar[UpstreamCalls | None] = ContextVar("upstream_calls", default=None)


@contextmanager
def counting_upstream_calls() -> Iterator[UpstreamCalls]:
    """Counts the upstream requests made inside the block (and by the tasks it starts)."""
    calls = UpstreamCalls()
    token = _CURRENT.set(calls)
    try:
        yield calls
    finally:
        _CURRENT.reset(token)


def record_upstream_call() -> None:
    calls = _CURRENT.get()
    if calls is not None:
        calls.count += 1
