"""The store contract, for the in-process store and for Redis (a real redis-server), and the fallback."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
from limits import RateLimitItemPerMinute
from redis.asyncio import Redis

from state.build import build_store
from state.fallback import FallbackStore
from state.redis_store import KEY_PREFIX, RedisStore
from state.store import MemoryStore, Store
from tests.redis_server import RedisServer, free_port


@pytest.fixture(params=["memory", "redis"])
async def store(request) -> AsyncIterator[Store]:
    built: Store = (
        MemoryStore() if request.param == "memory" else RedisStore(request.getfixturevalue("redis_server").url)
    )
    yield built
    await built.aclose()


async def test_a_value_set_is_got_and_an_unknown_key_is_none(store: Store):
    assert await store.get("apq:unknown") is None
    await store.set("apq:abc", "{ referenceData { __typename } }", 60)
    assert await store.get("apq:abc") == "{ referenceData { __typename } }"


async def test_redis_keeps_values_under_the_prefix_with_their_time_to_live(redis_server: RedisServer):
    store = RedisStore(redis_server.url)
    await store.set("apq:abc", "query", 600)
    client = Redis.from_url(redis_server.url)
    try:
        assert 0 < await client.ttl(KEY_PREFIX + "apq:abc") <= 600
    finally:
        await client.aclose()
        await store.aclose()


async def test_memory_values_expire_after_their_time_to_live(monkeypatch):
    store, now = MemoryStore(), [1000.0]
    monkeypatch.setattr("state.store.time.monotonic", lambda: now[0])
    await store.set("k", "v", 10)
    now[0] += 9.9
    assert await store.get("k") == "v"
    now[0] += 0.2
    assert await store.get("k") is None


async def test_memory_keeps_the_most_recently_used_entries_within_its_bound():
    store = MemoryStore(max_entries=2)
    await store.set("a", "1", 60)
    await store.set("b", "2", 60)
    assert await store.get("a") == "1"  # a is now the most recently used
    await store.set("c", "3", 60)
    assert [await store.get(k) for k in "abc"] == ["1", None, "3"]


async def test_a_rate_limit_window_counts_hits_and_costs(store: Store):
    limit = RateLimitItemPerMinute(5)
    assert [await store.hit(limit, "requests:a") for _ in range(5)] == [True] * 5
    assert not await store.hit(limit, "requests:a")
    assert await store.exhausted(limit, "requests:a")
    assert 0 < await store.seconds_until_reset(limit, "requests:a") <= 60
    # Another key has its own window; a cost counts as that many hits.
    assert not await store.exhausted(limit, "requests:b")
    assert await store.hit(limit, "requests:b", cost=5)
    assert not await store.hit(limit, "requests:b", cost=1)


async def test_two_redis_stores_on_one_server_share_state(redis_server: RedisServer):
    one, two = RedisStore(redis_server.url), RedisStore(redis_server.url)
    limit = RateLimitItemPerMinute(3)
    try:
        await one.set("apq:shared", "query", 60)
        assert await two.get("apq:shared") == "query"
        assert await one.hit(limit, "requests:c", cost=2)
        assert await two.hit(limit, "requests:c")
        assert not await one.hit(limit, "requests:c")
    finally:
        await one.aclose()
        await two.aclose()


async def test_without_a_redis_url_the_store_is_in_process():
    store = build_store(None)
    assert isinstance(store, MemoryStore)
    assert (await store.health()).as_json() == {"status": "UP", "details": {"store": "in-process"}}


async def test_the_fallback_answers_from_in_process_state_while_redis_is_down(redis_server: RedisServer, caplog):
    store = build_store(redis_server.url, timeout_seconds=0.5)
    assert isinstance(store, FallbackStore)
    try:
        await store.set("apq:before", "kept in redis", 60)
        assert (await store.health()).up

        redis_server.stop()
        caplog.set_level(logging.WARNING, logger="person_graph.state")
        await store.set("apq:during", "kept in this process", 60)  # no error: the fallback holds it
        assert await store.get("apq:during") == "kept in this process"
        assert await store.get("apq:before") is None  # in Redis only
        limit = RateLimitItemPerMinute(1)
        assert await store.hit(limit, "requests:d")
        assert not await store.hit(limit, "requests:d")  # still limited, per process
        health = await store.health()
        assert health.as_json()["status"] == "DOWN"
        assert health.details["fallback"] == "in-process state"
        assert [r.message for r in caplog.records].count(
            "redis unavailable (ConnectionError): using in-process state until it answers again"
        ) == 1  # said once, not per request

        redis_server.start()  # same port, empty (nothing persisted)
        assert (await store.health()).up
        assert not store.degraded
        await store.set("apq:after", "back in redis", 60)
        direct = RedisStore(redis_server.url)
        assert await direct.get("apq:after") == "back in redis"
        await direct.aclose()
    finally:
        await store.aclose()


async def test_a_redis_that_never_answered_is_down_from_the_first_request():
    store = build_store(f"redis://127.0.0.1:{free_port()}/0", timeout_seconds=0.2)
    try:
        assert await store.get("apq:x") is None
        assert (await store.health()).status == "DOWN"
    finally:
        await store.aclose()
