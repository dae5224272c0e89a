"""The store interface, and the in-process store that the embedded default (no REDIS_URL) uses.

A store keeps short strings by key with a time to live (persisted queries), fixed-window
rate-limit counters (counted by the `limits` library over the same backend) and, in Redis only,
encoded cache entries for every replica (upstream/cache.py's SharedEntries: in-process stores share
none, the process's caches keep their own). Redis-backed stores raise StoreUnavailable when Redis
cannot answer; state/fallback.py turns that into in-process state.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from limits import RateLimitItem
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter


class StoreUnavailable(Exception):
    """The store's backend did not answer (Redis down, timed out, refused the command)."""


@dataclass(frozen=True)
class StoreHealth:
    """The store's component in /health: UP or DOWN, with details safe to show."""

    status: str
    details: dict[str, str] = field(default_factory=dict)

    @property
    def up(self) -> bool:
        return self.status == "UP"

    def as_json(self) -> dict[str, object]:
        return {"status": self.status, "details": dict(self.details)}


class Store(ABC):
    """What the features that replicas share need from state."""

    kind: str  # "memory" or "redis": which state a process was configured with

    @abstractmethod
    async def get(self, key: str) -> str | None: ...

    @abstractmethod
    async def set(self, key: str, value: str, ttl_seconds: int) -> None: ...

    @abstractmethod
    async def hit(self, limit: RateLimitItem, key: str, cost: int = 1) -> bool:
        """Counts `cost` against the limit's current window: False once the window's amount is exceeded."""

    @abstractmethod
    async def exhausted(self, limit: RateLimitItem, key: str) -> bool:
        """Whether the current window has nothing left (counts nothing)."""

    @abstractmethod
    async def seconds_until_reset(self, limit: RateLimitItem, key: str) -> float: ...

    @abstractmethod
    async def health(self) -> StoreHealth: ...

    async def get_entries(self, keys: Sequence[str]) -> dict[str, bytes] | None:
        """Cache entries every replica shares, those held among `keys`; None: none are shared (or Redis is down)."""
        return None

    async def put_entries(self, entries: Mapping[str, bytes], ttl_seconds: float) -> bool:
        """Keeps cache entries for every replica, each for `ttl_seconds`; False: not kept."""
        return False

    async def aclose(self) -> None:
        return None


class CountingStore(Store):
    """Rate-limit windows counted by the `limits` library (fixed windows) over the store's backend."""

    def __init__(self, limits_storage: Storage) -> None:
        self._limiter = FixedWindowRateLimiter(limits_storage)

    async def hit(self, limit: RateLimitItem, key: str, cost: int = 1) -> bool:
        return await self._limiter.hit(limit, key, cost=cost)

    async def exhausted(self, limit: RateLimitItem, key: str) -> bool:
        return not await self._limiter.test(limit, key)

    async def seconds_until_reset(self, limit: RateLimitItem, key: str) -> float:
        stats = await self._limiter.get_window_stats(limit, key)
        return max(0.0, stats.reset_time - time.time())


class MemoryStore(CountingStore):
    """This process's own state: what every replica keeps when there is no Redis (or Redis is down).

    Bounded in entries (least recently used go first), since anyone may register a persisted query."""

    kind = "memory"
    MAX_ENTRIES = 10_000

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        super().__init__(MemoryStorage())
        self._entries: OrderedDict[str, tuple[str, float]] = OrderedDict()
        self._max_entries = max_entries

    async def get(self, key: str) -> str | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        value, expires_at = entry
        if expires_at <= time.monotonic():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    async def set(self, key: str, value: str, ttl_seconds: int) -> None:
        self._entries[key] = (value, time.monotonic() + ttl_seconds)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)

    async def health(self) -> StoreHealth:
        return StoreHealth("UP", {"store": "in-process"})
