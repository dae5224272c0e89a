""" "Bare Strawberry": the graph's own schema executed over upstream data already in memory.

The real types (schema.query.Query, schema.person.Person and everything below them) and the real
resolvers and DataLoaders, built into a plain Strawberry federation schema with none of the graph's
schema extensions (no query limits, no error classification, no audit) and graphql-core's stock
executor (no GuardedExecution), for a consumer with no filters and no redactions, so the field
extensions (PrisonFiltered, LimitedAccessPolicy) return at their first test. Being the real schema,
it cannot drift from the graph: a field added to the graph is in the baseline too.

The upstream data comes from the in-process simulator (the bench's population): each query is run
once with every upstream client call recorded, and every timed round replays the recorded answers
(parsed pydantic models) from memory: no HTTP, no authentication, no JSON parsing of upstream
answers. What remains is GraphQL execution, the resolvers' own work and the DataLoaders.

It keeps Strawberry's stock parser and validation caches, as the graph does, so the comparison is
of execution, not of parsing; and it sets the garbage collector as the graph's server processes do
(web/gc_policy.py: start-up's objects frozen, here the population too), so it is not of heaps either.

    measure(S2_QUERY, [(variables, graph_response)]) -> {"wallMsMin": ..., "cpuUsPerField": ...}
"""

from __future__ import annotations

import gc
import inspect
import statistics
import time
from collections.abc import Callable
from typing import Any

import strawberry
from strawberry.extensions import ParserCache, ValidationCache

from access.audit import AuditRecord, AuditTrail
from access.consumers import Consumer
from bench.client import count_fields
from bench.procs import event_loop_runner
from loaders import create_loaders
from resolvers.context import Context
from schema.person import Person
from schema.query import Query
from schema.scalars import SCALAR_OVERRIDES
from settings import Settings
from upstream.base import UpstreamClient
from upstream.clients import Upstreams, build_upstreams
from web.gc_policy import settle_heap

CONSUMER = Consumer(name="bare", everything=True, limited_access_redactions=False)


class _NoSink:
    def write(self, records: list[AuditRecord]) -> None:
        pass


def _key(name: str, args: tuple, kwargs: dict) -> str:
    return repr((name, args, sorted(kwargs.items())))


class _Client:
    """One upstream client's async methods, either recording what the real client answers or
    replaying it from memory."""

    def __init__(self, name: str, real: Any, recorded: dict[str, Any], replay: bool) -> None:
        self._name, self._real, self._recorded, self._replay = name, real, recorded, replay

    def __getattr__(self, method: str) -> Callable[..., Any]:
        attr = getattr(self._real, method)
        if not inspect.iscoroutinefunction(attr):
            return attr
        name = f"{self._name}.{method}"
        recorded, replay = self._recorded, self._replay

        async def call(*args: Any, **kwargs: Any) -> Any:
            key = _key(name, args, kwargs)
            if replay:
                return recorded[key]
            recorded[key] = result = await attr(*args, **kwargs)
            return result

        return call


class _Upstreams:
    """Every upstream client of the real `Upstreams`, recorded or replayed: a client added to the
    graph is wrapped too, so the baseline cannot fall behind."""

    def __init__(self, real: Upstreams, recorded: dict[str, Any], replay: bool) -> None:
        for name, value in vars(real).items():
            if isinstance(value, UpstreamClient):
                setattr(self, name, _Client(name, value, recorded, replay))


def bare_schema() -> strawberry.federation.Schema:
    return strawberry.federation.Schema(
        query=Query,
        types=[Person],
        scalar_overrides=SCALAR_OVERRIDES,
        extensions=[ParserCache(maxsize=100), ValidationCache(maxsize=100)],
    )


def _context(upstreams: Any) -> Context:
    return Context(
        loaders=create_loaders(upstreams),
        upstreams=upstreams,
        request_id="bare",
        consumer=CONSUMER,
        audit=AuditTrail(consumer=CONSUMER.name, request_id="bare", sink=_NoSink()),
    )


def measure(
    query: str,
    pages: list[tuple[dict, dict]],
    min_repeats: int = 10,
    min_seconds: float = 1.0,
    size: int = 4000,
    seed: int = 1,
) -> dict:
    """Executes `query` once per (variables, graph response) in `pages` as one round, repeatedly
    (at least `min_repeats` rounds and `min_seconds`); wall and CPU time per round and per field.
    `wallMsMin` (best round, as timeit reports) is the figure least disturbed by other load on the
    machine; the latency target uses it."""
    from simulator.app import create_simulator

    simulator = create_simulator(size=size, seed=seed)
    schema = bare_schema()
    # The garbage collector set as in the graph's server processes (web/gc_policy.py), so the floor is
    # execution's, not this process's heap's: the population alone makes a full collection ~190 ms.
    thresholds = gc.get_threshold()
    settle_heap(Settings().gc_young_threshold)
    recorded: dict[str, Any] = {}
    fields = sum(count_fields(response["data"]) for _, response in pages)

    async def run() -> tuple[list[float], list[float], bool]:
        real = build_upstreams(Settings(), embedded_app=simulator.app)
        try:
            recording = _Upstreams(real, recorded, replay=False)
            for variables, _ in pages:  # record every upstream answer once
                await schema.execute(query, variable_values=variables, context_value=_context(recording))
        finally:
            await real.aclose()
        replaying = _Upstreams(real, recorded, replay=True)
        same = True
        for variables, response in pages:  # warm-up and check
            result = await schema.execute(query, variable_values=variables, context_value=_context(replaying))
            same = same and not result.errors and result.data == response["data"]
        walls, cpus = [], []
        started = time.perf_counter()
        while len(walls) < min_repeats or time.perf_counter() - started < min_seconds:
            w0, c0 = time.perf_counter(), time.process_time()
            for variables, _ in pages:
                await schema.execute(query, variable_values=variables, context_value=_context(replaying))
            walls.append(time.perf_counter() - w0)
            cpus.append(time.process_time() - c0)
        return walls, cpus, same

    runner = event_loop_runner()
    try:
        with runner:
            walls, cpus, same = runner.run(run())
    finally:  # the harness's own collector as it was
        gc.unfreeze()
        gc.set_threshold(*thresholds)
    wall_ms = statistics.median(walls) * 1000
    cpu_ms = statistics.mean(cpus) * 1000
    return {
        "rounds": len(walls),
        "requestsPerRound": len(pages),
        "fields": fields,
        "sameResult": same,
        "wallMsMin": round(min(walls) * 1000, 3),
        "wallMsP50": round(wall_ms, 3),
        "wallMsMean": round(statistics.mean(walls) * 1000, 3),
        "cpuMsPerRound": round(cpu_ms, 3),
        "cpuUsPerField": round(cpu_ms * 1000 / fields, 3) if fields else None,
    }
