"""Redis with in-process state behind it: stopping Redis never stops requests being answered.

When Redis fails, every operation goes to this process's MemoryStore for RETRY_SECONDS, then Redis
is tried again. While it is down, persisted queries registered elsewhere are unknown here (clients
register them again: that is APQ's protocol), rate limits count per process, and the shared caches
are unavailable (the process's own in-process caches serve: upstream/cache.py's TieredStore).
/health says so.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TypeVar

from limits import RateLimitItem

from state.store import MemoryStore, Store, StoreHealth, StoreUnavailable

log = logging.getLogger("person_graph.state")
T = TypeVar("T")
# How long to stay on in-process state after a failure before trying Redis again: a request should
# not pay a connection timeout each time while Redis is down.
RETRY_SECONDS = 2.0


class FallbackStore(Store):
    kind = "redis"

    def __init__(self, primary: Store, fallback: MemoryStore | None = None) -> None:
        self.primary = primary
        self.fallback = fallback or MemoryStore()
        self._down_since: float | None = None
        self._retry_at = 0.0
        self._last_error = ""

    @property
    def degraded(self) -> bool:
        return self._down_since is not None

    async def _call(self, operation: Callable[[Store], Awaitable[T]]) -> T:
        if self.degraded and time.monotonic() < self._retry_at:
            return await operation(self.fallback)
        try:
            result = await operation(self.primary)
        except StoreUnavailable as exc:
            self._failed(str(exc))
            return await operation(self.fallback)
        self._recovered()
        return result

    def _failed(self, error: str) -> None:
        if not self.degraded:
            log.warning("redis unavailable (%s): using in-process state until it answers again", error)
            self._down_since = time.monotonic()
        self._retry_at = time.monotonic() + RETRY_SECONDS
        self._last_error = error

    def _recovered(self) -> None:
        if self.degraded:
            log.warning("redis answers again: shared state restored")
            self._down_since = None

    async def _shared(self, operation: Callable[[Store], Awaitable[T]], unavailable: T) -> T:
        """An operation with no in-process counterpart: `unavailable` while Redis is down."""
        if self.degraded and time.monotonic() < self._retry_at:
            return unavailable
        try:
            result = await operation(self.primary)
        except StoreUnavailable as exc:
            self._failed(str(exc))
            return unavailable
        self._recovered()
        return result

    async def get_entries(self, keys: Sequence[str]) -> dict[str, bytes] | None:
        return await self._shared(lambda store: store.get_entries(keys), None)

    async def put_entries(self, entries: Mapping[str, bytes], ttl_seconds: float) -> bool:
        return await self._shared(lambda store: store.put_entries(entries, ttl_seconds), False)

    async def get(self, key: str) -> str | None:
        return await self._call(lambda store: store.get(key))

    async def set(self, key: str, value: str, ttl_seconds: int) -> None:
        await self._call(lambda store: store.set(key, value, ttl_seconds))

    async def hit(self, limit: RateLimitItem, key: str, cost: int = 1) -> bool:
        return await self._call(lambda store: store.hit(limit, key, cost))

    async def exhausted(self, limit: RateLimitItem, key: str) -> bool:
        return await self._call(lambda store: store.exhausted(limit, key))

    async def seconds_until_reset(self, limit: RateLimitItem, key: str) -> float:
        return await self._call(lambda store: store.seconds_until_reset(limit, key))

    async def health(self) -> StoreHealth:
        """Asks Redis itself (a health probe should see the truth, not the last request's)."""
        health = await self.primary.health()
        if health.up:
            self._recovered()
            return health
        self._failed(health.details.get("error", "unreachable"))
        return StoreHealth("DOWN", {**health.details, "fallback": "in-process state"})

    async def aclose(self) -> None:
        await self.primary.aclose()
