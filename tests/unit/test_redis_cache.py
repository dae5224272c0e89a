"""The shared caches in a real redis-server: TieredStore (upstream/cache.py) over the state's Redis store.

Each TieredStore here stands for one process (its own near store); two over one Redis are two replicas.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable

import orjson
import pytest
from redis.asyncio import Redis

from loaders.batching import by_key
from state.build import build_store
from state.redis_store import KEY_PREFIX
from state.store import Store
from tests.redis_server import RedisServer
from upstream.cache import MemoryStore, SharedCaches, TieredStore
from upstream.delius import ProbationReferenceData, RefData
from upstream.locations import Capacity, Location
from upstream.prison_api import ReferenceCode

CACHES = SharedCaches.build(MemoryStore(0), locations_ttl=600, identity_ttl=3600, reference_data_ttl=3600)
CELL = Location(
    id="c0ffee00-0000-4000-8000-000000000001",
    key="MDI-A-1-001",
    prisonId="MDI",
    code="001",
    pathHierarchy="A-1-001",
    locationType="CELL",
    level=3,
    leafLevel=True,
    parentId="c0ffee00-0000-4000-8000-000000000002",
    active=True,
    status="ACTIVE",
    capacity=Capacity(maxCapacity=2, workingCapacity=1),
    accommodationTypes=["NORMAL_ACCOMMODATION"],
)
NEAR_TTL = 30.0


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def stores(redis_server: RedisServer) -> AsyncIterator[list[Store]]:
    """Two processes' state stores (Redis, with the in-process fallback) on one redis-server."""
    built = [build_store(redis_server.url, timeout_seconds=0.5) for _ in range(2)]
    yield built
    for store in built:
        await store.aclose()


@pytest.fixture
async def redis(redis_server: RedisServer) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_server.url)
    yield client
    await client.aclose()


def tiered(store: Store, clock: Callable[[], float] | None = None, near_ttl: float = NEAR_TTL) -> TieredStore:
    near = MemoryStore(1000, clock=clock) if clock else MemoryStore(1000)
    return TieredStore(near, store, near_ttl)


async def test_what_one_process_fetched_another_reads_from_redis(stores: list[Store]):
    one, two = tiered(stores[0]), tiered(stores[1])
    codes = [ReferenceCode(domain="ETHNICITY", code="W1", description="White: British", activeFlag="Y")]
    probation = ProbationReferenceData(probationReferenceData={"GENDER": [RefData(code="M", description="Male")]})
    await one.put_many(CACHES.locations, {CELL.key: CELL, "MDI-Z-9-999": None})  # None: upstream has no such cell
    await one.put_many(CACHES.identity, {"A1234BC": "X123456", "G0000AA": None})
    await one.put_many(CACHES.reference_codes, {"ETHNICITY": codes})
    await one.put_many(CACHES.probation_reference_data, {"all": probation})

    assert await two.get_many(CACHES.locations, [CELL.key, "MDI-Z-9-999", "MDI-B"]) == {
        CELL.key: CELL,
        "MDI-Z-9-999": None,
    }
    assert await two.get_many(CACHES.identity, ["A1234BC", "G0000AA"]) == {"A1234BC": "X123456", "G0000AA": None}
    assert await two.get_many(CACHES.reference_codes, ["ETHNICITY"]) == {"ETHNICITY": codes}
    assert await two.get_many(CACHES.probation_reference_data, ["all"]) == {"all": probation}
    # Each space has its own keys: an identity entry is not a location.
    assert await two.get_many(CACHES.locations, ["A1234BC"]) == {}


async def test_each_entry_is_compact_json_under_the_prefix_with_its_spaces_ttl(stores: list[Store], redis: Redis):
    await tiered(stores[0]).put_many(CACHES.locations, {CELL.key: CELL})
    key = f"{KEY_PREFIX}cache:locations:{CELL.key}"
    assert 0 < await redis.pttl(key) <= 600_000
    stored = orjson.loads(await redis.get(key))
    assert stored["key"] == CELL.key and stored["capacity"] == {"maxCapacity": 2, "workingCapacity": 1}
    assert "localName" not in stored and "usedFor" not in stored  # at their defaults: left out
    assert await redis.keys("*") == [key.encode()]  # nothing kept but the entry


async def test_an_entry_expires_from_redis_after_its_time_to_live(stores: list[Store]):
    short = SharedCaches.build(MemoryStore(0), locations_ttl=0.2, identity_ttl=1, reference_data_ttl=1).locations
    await tiered(stores[0]).put_many(short, {CELL.key: CELL})
    assert await tiered(stores[1]).get_many(short, [CELL.key]) == {CELL.key: CELL}
    await asyncio.sleep(0.4)  # Redis expires it; a fresh process finds nothing
    assert await tiered(stores[1]).get_many(short, [CELL.key]) == {}


async def test_the_near_store_keeps_an_entry_for_the_near_time_to_live_only(stores: list[Store], redis: Redis):
    clock = Clock()
    one = tiered(stores[0], clock)
    await one.put_many(CACHES.locations, {CELL.key: CELL})
    await redis.delete(f"{KEY_PREFIX}cache:locations:{CELL.key}")  # as if another replica's copy expired
    assert await one.get_many(CACHES.locations, [CELL.key]) == {CELL.key: CELL}  # near: no round trip
    clock.now += NEAR_TTL
    assert await one.get_many(CACHES.locations, [CELL.key]) == {}  # Redis asked again: gone there

    # Read from Redis, an entry is kept near for the near time to live too.
    await tiered(stores[1]).put_many(CACHES.locations, {CELL.key: CELL})
    assert await one.get_many(CACHES.locations, [CELL.key]) == {CELL.key: CELL}
    await redis.flushdb()
    clock.now += NEAR_TTL - 1
    assert await one.get_many(CACHES.locations, [CELL.key]) == {CELL.key: CELL}
    clock.now += 1
    assert await one.get_many(CACHES.locations, [CELL.key]) == {}


@pytest.mark.parametrize(
    "stored",
    [b"\xff\xfe not utf-8", b"{not json", b'{"id": 1}', b'"a string, not a location"', b"[]"],
    ids=["bytes", "broken json", "wrong shape", "wrong type", "a list"],
)
async def test_an_unreadable_entry_is_a_miss_fetched_again_and_replaced(
    stores: list[Store], redis: Redis, caplog, stored: bytes
):
    key = f"{KEY_PREFIX}cache:locations:{CELL.key}"
    await redis.set(key, stored, px=60_000)
    caplog.set_level(logging.WARNING, logger="person_graph.cache")
    asked: list[list[str]] = []

    async def locations_by_keys(keys: list[str]) -> list[Location]:
        asked.append(keys)
        return [CELL]

    loader = by_key(locations_by_keys, lambda loc: loc.key, 100, cache=(tiered(stores[0]), CACHES.locations))
    assert await loader.load(CELL.key) == CELL
    assert asked == [[CELL.key]]
    assert [r.getMessage() for r in caplog.records] == ["1 unreadable locations cache entries ignored (fetched again)"]
    assert orjson.loads(await redis.get(key))["key"] == CELL.key  # replaced by the upstream's answer
    assert await tiered(stores[1]).get_many(CACHES.locations, [CELL.key]) == {CELL.key: CELL}


async def test_with_redis_stopped_the_caches_are_kept_in_process(
    stores: list[Store], redis_server: RedisServer, monkeypatch
):
    monkeypatch.setattr("state.fallback.RETRY_SECONDS", 0.0)  # Redis is tried again at once when it is back
    clock = Clock()
    one = tiered(stores[0], clock)
    await one.put_many(CACHES.identity, {"A1234BC": "X123456"})
    redis_server.stop()

    # Nothing fails: what Redis held is unknown, what this process fetches is kept here for its whole time to live.
    two = tiered(stores[1], clock)
    assert await two.get_many(CACHES.identity, ["A1234BC"]) == {}
    await two.put_many(CACHES.locations, {CELL.key: CELL})
    clock.now += 599
    assert await two.get_many(CACHES.locations, [CELL.key]) == {CELL.key: CELL}
    clock.now += 1
    assert await two.get_many(CACHES.locations, [CELL.key]) == {}
    assert not (await stores[1].health()).up

    # Redis back (empty: nothing persisted): entries are shared again, with a process started since.
    redis_server.start()
    await two.put_many(CACHES.locations, {CELL.key: CELL})
    third = build_store(redis_server.url)
    try:
        assert await tiered(third).get_many(CACHES.locations, [CELL.key]) == {CELL.key: CELL}
    finally:
        await third.aclose()


async def test_without_redis_the_state_store_shares_no_entries():
    store = build_store(None)
    assert await store.get_entries(["cache:locations:MDI-A"]) is None
    assert await store.put_entries({"cache:locations:MDI-A": b"{}"}, 60) is False
