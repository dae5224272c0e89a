"""The Redis store (redis-py's asyncio client), shared by every replica configured with the same REDIS_URL.

Timeouts are short and redis-py's own retries are off: when Redis is slow or gone a request should
fall back to in-process state at once (state/fallback.py), not wait on it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from limits import RateLimitItem
from limits.aio.storage import RedisStorage
from limits.errors import StorageError
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from state.store import CountingStore, StoreHealth, StoreUnavailable

KEY_PREFIX = "person-graph:"
# Sets each KEYS[i] to ARGV[i], expiring after the last ARGV (milliseconds): a batch of cache entries,
# each with its own time to live, in one command (a pipeline of SETs costs redis-py ~25 us an entry).
PUT_ENTRIES = """
local expire_ms = ARGV[#ARGV]
for i, key in ipairs(KEYS) do
  redis.call('SET', key, ARGV[i], 'PX', expire_ms)
end
return #KEYS
"""
# What a failure of Redis looks like from here (a refused or dropped connection is an OSError too).
FAILURES = (RedisError, StorageError, OSError, TimeoutError)


class RedisStore(CountingStore):
    kind = "redis"

    def __init__(self, url: str, timeout_seconds: float = 0.5) -> None:
        self._redis: Redis = Redis.from_url(
            url,
            socket_timeout=timeout_seconds,
            socket_connect_timeout=timeout_seconds,
            retry=Retry(NoBackoff(), 0),
            decode_responses=True,
        )
        # Cache entries are bytes (JSON, or whatever a bad writer left: decoding them is the reader's
        # business, not a failure of Redis), so they have a client of their own that decodes nothing.
        self._entries: Redis = Redis.from_url(
            url,
            socket_timeout=timeout_seconds,
            socket_connect_timeout=timeout_seconds,
            retry=Retry(NoBackoff(), 0),
        )
        self._put_entries = self._entries.register_script(PUT_ENTRIES)
        # The rate-limit counters use the same connection pool, under the library's own key prefix.
        super().__init__(
            RedisStorage(
                "async+" + url,
                wrap_exceptions=True,
                implementation="redispy",
                key_prefix=KEY_PREFIX + "limits",
                connection_pool=self._redis.connection_pool,  # type: ignore[arg-type]  # passed on to redis-py
            )
        )

    async def get(self, key: str) -> str | None:
        try:
            value = await self._redis.get(KEY_PREFIX + key)
        except FAILURES as exc:
            raise StoreUnavailable(type(exc).__name__) from exc
        return None if value is None else str(value)

    async def set(self, key: str, value: str, ttl_seconds: int) -> None:
        try:
            await self._redis.set(KEY_PREFIX + key, value, ex=ttl_seconds)
        except FAILURES as exc:
            raise StoreUnavailable(type(exc).__name__) from exc

    async def get_entries(self, keys: Sequence[str]) -> dict[str, bytes]:
        if not keys:
            return {}
        try:
            values = await self._entries.mget([KEY_PREFIX + key for key in keys])
        except FAILURES as exc:
            raise StoreUnavailable(type(exc).__name__) from exc
        return {
            key: value for key, value in zip(keys, values, strict=True) if isinstance(value, bytes)
        }  # None: not held

    async def put_entries(self, entries: Mapping[str, bytes], ttl_seconds: float) -> bool:
        """One command for the batch (a script); each entry expires on its own (milliseconds, at least one)."""
        if not entries:
            return True
        expire_ms = max(1, round(ttl_seconds * 1000))
        try:
            await self._put_entries(keys=[KEY_PREFIX + key for key in entries], args=[*entries.values(), expire_ms])
        except FAILURES as exc:
            raise StoreUnavailable(type(exc).__name__) from exc
        return True

    async def hit(self, limit: RateLimitItem, key: str, cost: int = 1) -> bool:
        try:
            return await super().hit(limit, key, cost)
        except FAILURES as exc:
            raise StoreUnavailable(type(exc).__name__) from exc

    async def exhausted(self, limit: RateLimitItem, key: str) -> bool:
        try:
            return await super().exhausted(limit, key)
        except FAILURES as exc:
            raise StoreUnavailable(type(exc).__name__) from exc

    async def seconds_until_reset(self, limit: RateLimitItem, key: str) -> float:
        try:
            return await super().seconds_until_reset(limit, key)
        except FAILURES as exc:
            raise StoreUnavailable(type(exc).__name__) from exc

    async def health(self) -> StoreHealth:
        try:
            await self._redis.ping()
        except FAILURES as exc:
            return StoreHealth("DOWN", {"store": "redis", "error": type(exc).__name__})
        return StoreHealth("UP", {"store": "redis"})

    async def aclose(self) -> None:
        await self._redis.aclose()
        await self._entries.aclose()
