"""The store a process uses: Redis (falling back to in-process state) when REDIS_URL is set, else in-process."""

from __future__ import annotations

from state.fallback import FallbackStore
from state.redis_store import RedisStore
from state.store import MemoryStore, Store


def build_store(redis_url: str | None, timeout_seconds: float = 0.5) -> Store:
    if not redis_url:
        return MemoryStore()
    return FallbackStore(RedisStore(redis_url, timeout_seconds))
