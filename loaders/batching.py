"""The three DataLoader shapes every upstream read fits into.

- `by_key`:     a batch endpoint answering one row per key (unknown keys silently dropped).
- `grouped`:    a batch endpoint answering a flat list of rows, several per key.
- `one_by_one`: no batch endpoint; one request per key, gathered concurrently.

All de-duplicate and cache per request (the loaders are created per request). An upstream failure
fails only the keys of that batch, each with the upstream's error, so one failing upstream nulls
only the fields that need it.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, Protocol, TypeVar, cast

from aiodataloader import DataLoader

from telemetry.metrics import LOADER_BATCH_SIZE
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


def by_key(
    fetch: Callable[[list[K]], Awaitable[Sequence[V]]], key_of: Callable[[V], K], max_batch: int, batching: bool = True
) -> Loader[K, V | None]:
    batch_size = LOADER_BATCH_SIZE.labels(loader_name(fetch))

    async def load(keys: list[K]) -> list[V | Exception | None]:
        batch_size.observe(len(keys))
        try:
            rows = await fetch(list(keys))
        except UpstreamError as exc:
            return [exc] * len(keys)
        found = {key_of(row): row for row in rows}
        return [found.get(key) for key in keys]

    return cast(Loader[K, V | None], DataLoader(load, max_batch_size=max_batch if batching else 1))


def grouped(
    fetch: Callable[[list[K]], Awaitable[Sequence[V]]], key_of: Callable[[V], K], max_batch: int, batching: bool = True
) -> Loader[K, list[V]]:
    batch_size = LOADER_BATCH_SIZE.labels(loader_name(fetch))

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


def one_by_one(fetch: Callable[[K], Awaitable[V]]) -> Loader[K, V]:
    """`fetch(key)` for each key, concurrently. A key may be a tuple of the fetch's arguments
    (e.g. (prisoner number, page, size)): see `unpacked`."""

    batch_size = LOADER_BATCH_SIZE.labels(loader_name(fetch))

    async def load(keys: list[K]) -> list[V | BaseException]:
        batch_size.observe(len(keys))
        results = await asyncio.gather(*(fetch(key) for key in keys), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, Exception):
                raise result  # a cancellation is not one key's failure: let it through
        return results

    return cast(Loader[K, V], DataLoader(load))


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
