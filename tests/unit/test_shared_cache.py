"""The caches shared by a process's requests: hits, expiry (an injected clock), bounds, failures."""

from __future__ import annotations

import pytest

from loaders.batching import by_key, cached
from upstream.cache import CacheSpace, MemoryStore
from upstream.errors import UpstreamError

LOCATIONS = CacheSpace("locations", 60.0)
IDENTITY = CacheSpace("identity", 10.0)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_an_entry_is_served_until_its_time_to_live_ends() -> None:
    clock = Clock()
    store = MemoryStore(100, clock=clock)
    await store.put_many(LOCATIONS, {"MDI-A": "wing A", "MDI-B": None})
    assert await store.get_many(LOCATIONS, ["MDI-A", "MDI-B", "MDI-C"]) == {"MDI-A": "wing A", "MDI-B": None}
    clock.now += 59.9
    assert await store.get_many(LOCATIONS, ["MDI-A"]) == {"MDI-A": "wing A"}
    clock.now += 0.1
    assert await store.get_many(LOCATIONS, ["MDI-A", "MDI-B"]) == {}
    assert len(store) == 0  # expired entries are dropped when met


async def test_spaces_have_their_own_keys_and_times_to_live() -> None:
    clock = Clock()
    store = MemoryStore(100, clock=clock)
    await store.put_many(LOCATIONS, {"K": "location"})
    await store.put_many(IDENTITY, {"K": "crn"})
    assert await store.get_many(IDENTITY, ["K"]) == {"K": "crn"}
    clock.now += 30
    assert await store.get_many(IDENTITY, ["K"]) == {}
    assert await store.get_many(LOCATIONS, ["K"]) == {"K": "location"}


async def test_the_store_is_bounded_and_drops_the_least_recently_used() -> None:
    store = MemoryStore(3, clock=Clock())
    await store.put_many(LOCATIONS, {"a": 1, "b": 2, "c": 3})
    await store.get_many(LOCATIONS, ["a"])  # a is now the most recently used
    await store.put_many(LOCATIONS, {"d": 4})
    assert len(store) == 3
    assert await store.get_many(LOCATIONS, ["a", "b", "c", "d"]) == {"a": 1, "c": 3, "d": 4}


async def test_a_space_with_no_time_to_live_keeps_nothing() -> None:
    store = MemoryStore(100, clock=Clock())
    await store.put_many(CacheSpace("off", 0), {"a": 1})
    assert len(store) == 0


async def test_a_cached_loader_asks_upstream_only_for_what_the_store_lacks() -> None:
    store = MemoryStore(100, clock=Clock())
    asked: list[list[str]] = []

    async def fetch(keys: list[str]) -> list[dict[str, str]]:
        asked.append(keys)
        return [{"key": k} for k in keys if k != "MDI-X"]

    first = by_key(fetch, lambda row: row["key"], 100, cache=(store, LOCATIONS))
    assert await first.load_many(["MDI-A", "MDI-X"]) == [{"key": "MDI-A"}, None]
    second = by_key(fetch, lambda row: row["key"], 100, cache=(store, LOCATIONS))  # the next request's
    assert await second.load_many(["MDI-A", "MDI-X", "MDI-B"]) == [{"key": "MDI-A"}, None, {"key": "MDI-B"}]
    assert asked == [["MDI-A", "MDI-X"], ["MDI-B"]]  # "not found" is remembered too


async def test_a_failure_is_not_cached() -> None:
    store = MemoryStore(100, clock=Clock())
    calls = 0

    async def load(keys: list[str]) -> list[object]:
        nonlocal calls
        calls += 1
        if calls == 1:
            return [UpstreamError("locations", "down") for _ in keys]
        return [f"value of {k}" for k in keys]

    batch = cached(load, store, LOCATIONS)
    assert isinstance((await batch(["a"]))[0], UpstreamError)
    assert await batch(["a"]) == ["value of a"]
    assert await batch(["a"]) == ["value of a"]
    assert calls == 2


@pytest.mark.parametrize("ttl", [0.0, -1.0])
async def test_a_disabled_space_passes_straight_through(ttl: float) -> None:
    async def load(keys: list[str]) -> list[object]:
        return keys

    assert cached(load, MemoryStore(10), CacheSpace("x", ttl)) is load
