"""What one request did, gathered across layers for its log line: upstream calls, error codes.

The access log sets a fresh RequestStats in a context variable; the upstream clients and the GraphQL
app add to it. Tasks started during the request (DataLoader batches) inherit the same object.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class RequestStats:
    upstream_calls: int = 0
    error_codes: list[str] = field(default_factory=list)


_current: ContextVar[RequestStats | None] = ContextVar("person_graph_request_stats", default=None)


def begin_request() -> RequestStats:
    stats = RequestStats()
    _current.set(stats)
    return stats


def current() -> RequestStats | None:
    return _current.get()


def count_upstream_call() -> None:
    stats = _current.get()
    if stats is not None:
        stats.upstream_calls += 1
