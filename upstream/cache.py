"""Caches shared by all requests of a process, for upstream data that changes rarely.

They hold what an upstream answered (a location record, a reference-data list, which CRN a NOMIS
number has), never an answer filtered for a consumer: access control runs on every request as
before, over the same upstream data. Each kind of data is a `CacheSpace` with its own time to live
(settings.CacheSettings, docs/performance.md "Caches"); all spaces share one store, bounded in entries.

`CacheStore` is the small interface the loaders use, asynchronous and batch-shaped (get many, put
many) so that a store over the network (Redis) can be plugged in without changing them; such a
store would serialise each space's values (pydantic models, strings, None). `MemoryStore` is the
in-process one: least recently used entries are dropped beyond its bound.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class CacheSpace:
    """One kind of cached data: its name (a key prefix) and how long an entry is kept."""

    name: str
    ttl_seconds: float

    @property
    def enabled(self) -> bool:
        return self.ttl_seconds > 0


class CacheStore(Protocol):
    async def get_many(self, space: CacheSpace, keys: Iterable[str]) -> dict[str, object]:
        """The live entries among `keys` (a cached None is an entry: "upstream has nothing")."""
        ...

    async def put_many(self, space: CacheSpace, entries: Mapping[str, object]) -> None: ...


class MemoryStore:
    """In-process, bounded to `max_entries` across all spaces (least recently used dropped first).
    `clock`: seconds, monotonic (tests inject their own)."""

    def __init__(self, max_entries: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_entries = max_entries
        self.clock = clock
        self._entries: OrderedDict[tuple[str, str], tuple[float, object]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    async def get_many(self, space: CacheSpace, keys: Iterable[str]) -> dict[str, object]:
        now = self.clock()
        found: dict[str, object] = {}
        for key in keys:
            entry = self._entries.get((space.name, key))
            if entry is None:
                continue
            expires, value = entry
            if expires <= now:
                del self._entries[(space.name, key)]
                continue
            self._entries.move_to_end((space.name, key))
            found[key] = value
        return found

    async def put_many(self, space: CacheSpace, entries: Mapping[str, object]) -> None:
        if not space.enabled or self.max_entries <= 0:
            return
        expires = self.clock() + space.ttl_seconds
        for key, value in entries.items():
            self._entries[(space.name, key)] = (expires, value)
            self._entries.move_to_end((space.name, key))
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)


@dataclass(frozen=True)
class SharedCaches:
    """The process's store and the spaces the loaders use (built once, in server.create_app)."""

    store: CacheStore
    locations: CacheSpace  # Locations Inside Prison records by key (a cell and its parents)
    identity: CacheSpace  # NOMIS number -> CRN (or None: probation does not know them), and back
    reference_data: CacheSpace  # NOMIS reference domains and Delius reference data


def no_caches() -> SharedCaches:
    """Every space off: each request asks the upstreams (the loaders' default, and tests')."""
    off = MemoryStore(0)
    return SharedCaches(off, CacheSpace("locations", 0), CacheSpace("identity", 0), CacheSpace("reference-data", 0))
