"""Caches shared by all requests of a process, for upstream data that changes rarely.

They hold what an upstream answered (a location record, a reference-data list, which CRN a NOMIS
number has), never an answer filtered for a consumer: access control runs on every request as
before, over the same upstream data. Each kind of data is a `CacheSpace` with its own time to live
(settings.CacheSettings, docs/architecture.md "Caches shared by requests") and the type of value it
holds; all spaces share one store, bounded in entries.

`CacheStore` is the small interface the loaders use, asynchronous and batch-shaped (get many, put
many). `MemoryStore` is the in-process one: least recently used entries are dropped beyond its
bound. `TieredStore` puts one in front of entries shared by every replica (`SharedEntries`: Redis,
implemented in state/ and wired in by server.py): each value is kept there as its upstream JSON,
and the in-process store serves what this process has seen recently, and everything while the
shared entries cannot be reached.
"""

from __future__ import annotations

import functools
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import TypeAdapter

from upstream.delius import ProbationReferenceData
from upstream.locations import Location
from upstream.prison_api import ReferenceCode

log = logging.getLogger("person_graph.cache")


@functools.cache
def _adapter(value_type: Any) -> TypeAdapter[Any]:
    return TypeAdapter(value_type)


@dataclass(frozen=True)
class CacheSpace:
    """One kind of cached data: its name (a key prefix), how long an entry is kept, and the type of
    its values (how an entry is read back from JSON; `object`: plain JSON values)."""

    name: str
    ttl_seconds: float
    value_type: Any = object

    @property
    def enabled(self) -> bool:
        return self.ttl_seconds > 0

    def encode(self, value: object) -> bytes:
        """Compact JSON by the names the upstream uses, fields at their defaults left out (`decode` restores them)."""
        return _adapter(self.value_type).dump_json(value, by_alias=True, exclude_defaults=True)

    def decode(self, data: bytes) -> object:
        """Raises ValueError for anything that is not a value of this space (pydantic's errors are ValueErrors)."""
        return _adapter(self.value_type).validate_json(data)


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

    async def put_many(
        self, space: CacheSpace, entries: Mapping[str, object], ttl_seconds: float | None = None
    ) -> None:
        """`ttl_seconds`: shorter than the space's (TieredStore's near entries); the space's by default."""
        ttl = space.ttl_seconds if ttl_seconds is None else min(ttl_seconds, space.ttl_seconds)
        if not space.enabled or ttl <= 0 or self.max_entries <= 0:
            return
        expires = self.clock() + ttl
        for key, value in entries.items():
            self._entries[(space.name, key)] = (expires, value)
            self._entries.move_to_end((space.name, key))
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)


class SharedEntries(Protocol):
    """Encoded entries every replica sees, each with its own time to live (state/: Redis)."""

    async def get_entries(self, keys: Sequence[str]) -> dict[str, bytes] | None:
        """The entries held among `keys`; None when the shared store cannot answer now."""
        ...

    async def put_entries(self, entries: Mapping[str, bytes], ttl_seconds: float) -> bool:
        """Whether they were kept (False: the shared store cannot answer now)."""
        ...


def shared_key(space: CacheSpace, key: str) -> str:
    return f"cache:{space.name}:{key}"


class TieredStore:
    """This process's `near` store in front of the entries replicas share.

    A value this process fetched goes to both; one read from the shared entries is kept near for
    `near_ttl_seconds` (so a repeat within that time costs no round trip and no decoding, and a
    value is at most that much older than the shared one). While the shared entries cannot be
    reached, values are kept near for their whole time to live: requests are answered as without
    Redis. An entry that does not decode as its space's type is a miss (fetched and replaced).
    """

    def __init__(self, near: MemoryStore, shared: SharedEntries, near_ttl_seconds: float) -> None:
        self.near = near
        self.shared = shared
        self.near_ttl_seconds = near_ttl_seconds

    async def get_many(self, space: CacheSpace, keys: Iterable[str]) -> dict[str, object]:
        keys = list(keys)
        found = await self.near.get_many(space, keys)
        missing = [key for key in keys if key not in found]
        if not missing:
            return found
        entries = await self.shared.get_entries([shared_key(space, key) for key in missing])
        if not entries:
            return found
        fetched: dict[str, object] = {}
        unreadable = 0
        for key in missing:
            data = entries.get(shared_key(space, key))
            if data is None:
                continue
            try:
                fetched[key] = space.decode(data)
            except ValueError:
                unreadable += 1
        if unreadable:  # the count only: keys are people's numbers
            log.warning("%d unreadable %s cache entries ignored (fetched again)", unreadable, space.name)
        await self.near.put_many(space, fetched, self.near_ttl_seconds)
        found.update(fetched)
        return found

    async def put_many(self, space: CacheSpace, entries: Mapping[str, object]) -> None:
        if not space.enabled or not entries:
            return
        shared = await self.shared.put_entries(
            {shared_key(space, key): space.encode(value) for key, value in entries.items()}, space.ttl_seconds
        )
        await self.near.put_many(space, entries, self.near_ttl_seconds if shared else None)


@dataclass(frozen=True)
class SharedCaches:
    """The process's store and the spaces the loaders use (built once, in server.create_app)."""

    store: CacheStore
    locations: CacheSpace  # Locations Inside Prison records by key (a cell and its parents)
    identity: CacheSpace  # NOMIS number -> CRN (or None: probation does not know them), and back
    reference_codes: CacheSpace  # NOMIS reference domains' codes, by domain
    probation_reference_data: CacheSpace  # Delius reference data (one entry)

    @classmethod
    def build(
        cls, store: CacheStore, locations_ttl: float, identity_ttl: float, reference_data_ttl: float
    ) -> SharedCaches:
        """The spaces with the types the loaders keep in them (loaders/__init__.py)."""
        return cls(
            store,
            locations=CacheSpace("locations", locations_ttl, Location | None),
            identity=CacheSpace("identity", identity_ttl, str | None),
            reference_codes=CacheSpace("reference-codes", reference_data_ttl, list[ReferenceCode] | None),
            probation_reference_data=CacheSpace(
                "probation-reference-data", reference_data_ttl, ProbationReferenceData | None
            ),
        )


def no_caches() -> SharedCaches:
    """Every space off: each request asks the upstreams (the loaders' default, and tests')."""
    return SharedCaches.build(MemoryStore(0), 0, 0, 0)
