"""The three DataLoader shapes every upstream read fits into.

- `by_key`:     a batch endpoint answering one row per key (unknown keys silently dropped).
- `grouped`:    a batch endpoint answering a flat list of rows, several per key.
- `one_by_one`: no batch endpoint; one request per key, gathered concurrently.

All de-duplicate and cache per request (the loaders are created per request); `cached` adds a cache
shared by all requests in front of a loader's batch function (upstream/cache.py), for data
that changes rarely. An upstream failure
fails only the keys of that batch, each with the upstream's error, so one failing upstream nulls
only the fields that need it.
"""

from __future__ import annotations

import asyncio
import functools
from collections import defaultdict
from collections.abc import Awaitable, Callable, Coroutine, Hashable, Sequence
from typing import Any, Protocol, TypeVar, cast

from aiodataloader import DataLoader
from prometheus_client import Histogram

from telemetry.metrics import LOADER_BATCH_SIZE, record_cache
from upstream.cache import CacheSpace, CacheStore
from upstream.errors import UpstreamError

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
KC = TypeVar("KC", bound=Hashable, contravariant=True)
VC = TypeVar("VC")


class Loader(Protocol[KC, VC]):
    """What resolvers use of a DataLoader, typed (aiodataloader's own class is untyped)."""

    def load(self, key: KC) -> Awaitable[VC]: ...

    def load_many(self, keys: Sequence[KC]) -> Awaitable[list[VC]]: ...

    def prime(self, key: KC, value: Any) -> Any: ...


def loader_name(fetch: Callable[..., object]) -> str:
    """The metrics label of a loader: the client method it calls (`AlertsClient.alerts_by_prison_numbers`)."""
    return getattr(fetch, "__qualname__", None) or type(fetch).__name__


@functools.cache
def _batch_size(name: str) -> Histogram:
    """The loader's batch-size histogram, labelled once per process: every request creates its
    loaders afresh, and prometheus_client's `labels` costs more than the rest of a loader's creation."""
    return LOADER_BATCH_SIZE.labels(name)


BatchLoad = Callable[[list[K]], Coroutine[Any, Any, list[Any]]]


def cached(load: BatchLoad[str], store: CacheStore, space: CacheSpace) -> BatchLoad[str]:
    """`load` asked only for the keys `store` does not hold; what it answers (None too: "upstream has
    nothing") is kept for the space's time to live. Failures are not kept."""
    if not space.enabled:
        return load

    async def cached_load(keys: list[str]) -> list[Any]:
        values = await store.get_many(space, keys)
        missing = [key for key in keys if key not in values]
        record_cache(space.name, hits=len(keys) - len(missing), misses=len(missing))
        if missing:
            fresh = dict(zip(missing, await load(missing), strict=True))
            await store.put_many(
                space, {key: value for key, value in fresh.items() if not isinstance(value, BaseException)}
            )
            values.update(fresh)
        return [values[key] for key in keys]

    return cached_load


def by_key(
    fetch: Callable[[list[K]], Awaitable[Sequence[V]]],
    key_of: Callable[[V], K],
    max_batch: int,
    batching: bool = True,
    cache: tuple[CacheStore, CacheSpace] | None = None,
) -> Loader[K, V | None]:
    """`cache`: a shared cache in front of the batch endpoint (string keys only)."""
    batch_size = _batch_size(loader_name(fetch))

    async def load(keys: list[K]) -> list[V | Exception | None]:
        batch_size.observe(len(keys))
        try:
            rows = await fetch(list(keys))
        except UpstreamError as exc:
            return [exc] * len(keys)
        found = {key_of(row): row for row in rows}
        return [found.get(key) for key in keys]

    batch = cached(cast(BatchLoad[str], load), *cache) if cache else load
    return cast(Loader[K, V | None], DataLoader(batch, max_batch_size=max_batch if batching else 1))


def grouped(
    fetch: Callable[[list[K]], Awaitable[Sequence[V]]], key_of: Callable[[V], K], max_batch: int, batching: bool = True
) -> Loader[K, list[V]]:
    batch_size = _batch_size(loader_name(fetch))

    async def load(keys: list[K]) -> list[list[V] | Exception]:
        batch_size.observe(len(keys))
        try:
            rows = await fetch(list(keys))
        except UpstreamError as exc:
            return [exc] * len(keys)
        groups: dict[K, list[V]] = defaultdict(list)
        for row in rows:
            groups[key_of(row)].append(row)
        return [groups.get(key, []) for key in keys]

    return cast(Loader[K, list[V]], DataLoader(load, max_batch_size=max_batch if batching else 1))


def one_by_one(fetch: Callable[[K], Awaitable[V]], cache: tuple[CacheStore, CacheSpace] | None = None) -> Loader[K, V]:
    """`fetch(key)` for each key, concurrently. A key may be a tuple of the fetch's arguments
    (e.g. (prisoner number, page, size)): see `unpacked`. `cache`: as `by_key`'s."""

    batch_size = _batch_size(loader_name(fetch))

    async def load(keys: list[K]) -> list[V | BaseException]:
        batch_size.observe(len(keys))
        results = await asyncio.gather(*(fetch(key) for key in keys), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, Exception):
                raise result  # a cancellation is not one key's failure: let it through
        return results

    batch = cached(cast(BatchLoad[str], load), *cache) if cache else load
    return cast(Loader[K, V], DataLoader(batch))


A = TypeVar("A", bound=Hashable)
B = TypeVar("B", bound=Hashable)
C = TypeVar("C", bound=Hashable)


def unpacked(fetch: Callable[[A, B, C], Awaitable[V]]) -> Callable[[tuple[A, B, C]], Awaitable[V]]:
    """A three-argument fetch as a fetch of one tuple key, for `one_by_one`."""

    def by_tuple(key: tuple[A, B, C]) -> Awaitable[V]:
        return fetch(*key)

    by_tuple.__qualname__ = loader_name(fetch)  # the metrics label names the client method, not this wrapper
    return by_tuple


def unpacked2(fetch: Callable[[A, B], Awaitable[V]]) -> Callable[[tuple[A, B]], Awaitable[V]]:
    """A two-argument fetch as a fetch of one tuple key, for `one_by_one`."""

    def by_tuple(key: tuple[A, B]) -> Awaitable[V]:
        return fetch(*key)

    by_tuple.__qualname__ = loader_name(fetch)  # the metrics label names the client method, not this wrapper
    return by_tuple


def spread(fetch: Callable[..., Awaitable[V]]) -> Callable[[tuple], Awaitable[V]]:
    """A fetch of several arguments as a fetch of one tuple key, for `one_by_one` (any arity)."""

    def by_tuple(key: tuple) -> Awaitable[V]:
        return fetch(*key)

    by_tuple.__qualname__ = loader_name(fetch)  # the metrics label names the client method, not this wrapper
    return by_tuple
