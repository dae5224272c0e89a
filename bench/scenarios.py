"""Running the workloads against a started graph and simulator, and measuring them.

A *unit* is what one latency sample times: S1 is one request, S2(N) one page request, and S2(1000)
ten page requests of 100 sent concurrently (the graph's perPage limit is 100), timed until the
last answers. Units run one after another (no other load), except in S3, where 50 clients keep
requests in flight for a fixed time.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import orjson

from bench.client import Graph, SimulatorAdmin, count_fields
from bench.procs import CpuWindow, MachineWindow, Started


@dataclass
class Request:
    query: str
    variables: dict[str, Any]
    minimum: Counter[str]  # upstream requests it needs, per endpoint key
    key: str = ""  # identifies the request (its answer is the same every time)


@dataclass
class Unit:
    requests: list[Request]
    concurrent: bool = True  # several requests: sent together (timed until the last answers) or one after another

    @property
    def minimum(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for r in self.requests:
            total.update(r.minimum)
        return total


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def latency_summary(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {
        "p50": round(percentile(ms, 50), 2),
        "p95": round(percentile(ms, 95), 2),
        "p99": round(percentile(ms, 99), 2),
        "mean": round(statistics.mean(ms), 2) if ms else float("nan"),
        "min": round(min(ms), 2) if ms else float("nan"),
        "max": round(max(ms), 2) if ms else float("nan"),
    }


def _per(total: Counter[str], n: int) -> dict[str, float]:
    return {k: round(v / n, 2) for k, v in sorted(total.items())}


@dataclass
class Sequential:
    """Result of one scenario run unit after unit."""

    name: str
    units: int
    latencies: list[float]
    elapsed: float
    fields_per_unit: float
    observed: Counter[str]
    minimum: Counter[str]
    server_cpu: float
    server_cpu_by_worker: dict[str, float]
    simulator_cpu: float
    floor_ms: float
    server_waited: float  # seconds the server's event loop was runnable but had no core (procs.CpuWindow)
    simulator_waited: float
    requests_per_unit: int
    responses: list[list[dict]] = field(default_factory=list)  # the first unit of each distinct kind
    errors: int = 0  # responses with GraphQL errors (their fields still count)
    machine: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        observed_total, minimum_total = sum(self.observed.values()), sum(self.minimum.values())
        return {
            "name": self.name,
            "units": self.units,
            "requestsPerUnit": self.requests_per_unit,
            "responsesWithErrors": self.errors,
            "latencyMs": latency_summary(self.latencies),
            "floorMs": self.floor_ms,
            "throughputPerSecond": round(self.units / self.elapsed, 2),
            "fieldsPerUnit": round(self.fields_per_unit, 1),
            "upstreamPerUnit": round(observed_total / self.units, 2),
            "upstreamMinimumPerUnit": round(minimum_total / self.units, 2),
            "upstreamByEndpoint": {
                "observedPerUnit": _per(self.observed, self.units),
                "minimumPerUnit": _per(self.minimum, self.units),
            },
            "serverCpuMsPerUnit": round(self.server_cpu * 1000 / self.units, 2),
            "serverCpuUsPerField": round(self.server_cpu * 1e6 / (self.units * self.fields_per_unit), 2)
            if self.fields_per_unit
            else None,
            "serverCpuSecondsByWorker": self.server_cpu_by_worker,
            "simulatorCpuMsPerUnit": round(self.simulator_cpu * 1000 / self.units, 2),
            "serverRunQueueWaitMsPerUnit": round(self.server_waited * 1000 / self.units, 2),
            "simulatorRunQueueWaitMsPerUnit": round(self.simulator_waited * 1000 / self.units, 2),
            "machine": self.machine,
        }


async def _send(graph: Graph, request: Request) -> dict:
    """The response body, errors and all (non-200 answers raise)."""
    status, content = await graph.post(request.query, request.variables)
    if status == 503:  # refused by admission control: its JSON body is a GraphQL-shaped error
        return orjson.loads(content)
    if status != 200:
        raise RuntimeError(f"HTTP {status}: {content[:300]!r}")
    return orjson.loads(content)


async def send_unit(graph: Graph, unit: Unit) -> list[dict]:
    if unit.concurrent:
        return list(await asyncio.gather(*(_send(graph, r) for r in unit.requests)))
    return [await _send(graph, r) for r in unit.requests]


def first_errors(bodies: list[dict]) -> list[dict]:
    return [e for b in bodies for e in b.get("errors") or []][:3]


async def run_sequential(
    name: str,
    graph: Graph,
    admin: SimulatorAdmin,
    server: Started,
    simulator: Started,
    units: list[Unit],
    iterations: int,
    floor_ms: float,
    warmup: int = 2,
) -> Sequential:
    """`iterations` units, cycling through `units`, one at a time; each unit's requests concurrently."""
    for unit in units[:warmup]:
        await send_unit(graph, unit)
    admin.reset_counters()
    server_cpu, sim_cpu = CpuWindow(server).start(), CpuWindow(simulator).start()
    machine = MachineWindow().start()
    latencies: list[float] = []
    answers: list[list[dict]] = []
    minimum: Counter[str] = Counter()
    fields = errors = 0
    started = time.perf_counter()
    for i in range(iterations):
        unit = units[i % len(units)]
        t0 = time.perf_counter()
        bodies = await send_unit(graph, unit)
        latencies.append(time.perf_counter() - t0)
        errors += sum(1 for b in bodies if b.get("errors"))
        minimum.update(unit.minimum)
        if i < len(units):
            answers.append(bodies)
        fields += sum(count_fields(b.get("data")) for b in bodies)
    elapsed = time.perf_counter() - started
    server_cpu.stop()
    sim_cpu.stop()
    machine_use = machine.stop(server_cpu, sim_cpu)
    observed = admin.counters()
    return Sequential(
        machine=machine_use,
        name=name,
        units=iterations,
        latencies=latencies,
        elapsed=elapsed,
        fields_per_unit=fields / iterations,
        observed=observed,
        minimum=minimum,
        server_cpu=server_cpu.total,
        server_cpu_by_worker=server_cpu.by_worker(),
        simulator_cpu=sim_cpu.total,
        floor_ms=floor_ms,
        server_waited=server_cpu.waited,
        simulator_waited=sim_cpu.waited,
        requests_per_unit=len(units[0].requests),
        responses=answers,
        errors=errors,
    )


async def exact_upstream(graph: Graph, admin: SimulatorAdmin, unit: Unit) -> dict:
    """One unit on its own, with fresh counters: upstream requests observed vs the minimum, per endpoint."""
    admin.reset_counters()
    t0 = time.perf_counter()
    bodies = await send_unit(graph, unit)
    elapsed = time.perf_counter() - t0
    await asyncio.sleep(0.3)  # what the graph does just after the answer (the audit's CRN lookup) counts too
    observed = admin.counters()
    minimum = unit.minimum
    keys = sorted(set(observed) | set(minimum))
    return {
        "observed": sum(observed.values()),
        "minimum": sum(minimum.values()),
        "latencyMs": round(elapsed * 1000, 1),
        "concurrent": unit.concurrent,
        "requests": len(unit.requests),
        "responsesWithErrors": sum(1 for b in bodies if b.get("errors")),
        "firstErrors": first_errors(bodies),
        "byEndpoint": {k: {"observed": observed.get(k, 0), "minimum": minimum.get(k, 0)} for k in keys},
    }


# ---- S3: concurrent load ----------------------------------------------------------------------


async def run_load(
    name: str,
    graph_url: str,
    simulator_url: str,
    token: str | None,
    admin: SimulatorAdmin,
    server: Started,
    simulator: Started,
    kinds: dict[str, list[Request]],
    mix: dict[str, float],
    clients: int,
    duration: float,
    seed: int = 7,
) -> dict:
    """`clients` concurrent clients, each with its own keep-alive connection, each sending one request
    at a time (kind drawn by `mix`) until `duration` seconds have passed; requests in flight then
    are allowed to finish and are counted."""
    graphs = [Graph(graph_url, simulator_url, token=token, timeout=120.0) for _ in range(clients)]
    samples: dict[str, list[float]] = {k: [] for k in kinds}
    fields_by_key: dict[str, int] = {}
    minimum: Counter[str] = Counter()
    errors: Counter[str] = Counter()  # transport failures, non-200 answers, and GraphQL error codes (one per error)
    refused: Counter[str] = Counter()  # 503 with Retry-After (admission control), per kind
    with_errors: Counter[str] = Counter()  # 200 answers carrying GraphQL errors, per kind
    names, weights = list(mix), [mix[k] for k in mix]
    fields_total = 0

    async def client(n: int, deadline: float) -> None:
        nonlocal fields_total
        rng = random.Random(seed * 1000 + n)
        cursor = {k: rng.randrange(len(v)) for k, v in kinds.items()}
        graph = graphs[n]
        while time.perf_counter() < deadline:
            kind = rng.choices(names, weights)[0]
            request = kinds[kind][cursor[kind] % len(kinds[kind])]
            cursor[kind] += 1
            t0 = time.perf_counter()
            try:
                status, content = await graph.post(request.query, request.variables)
            except Exception as exc:
                errors[type(exc).__name__] += 1
                continue
            elapsed = time.perf_counter() - t0
            if status == 503:  # refused by admission control: a client waits as Retry-After says
                refused[kind] += 1
                await asyncio.sleep(min(1.0, max(0.0, deadline - time.perf_counter())))
                continue
            if status != 200:
                errors[f"HTTP {status}"] += 1
                continue
            samples[kind].append(elapsed)
            minimum.update(request.minimum)
            if b'"errors"' in content:  # a partial answer: count what it did resolve
                body = orjson.loads(content)
                with_errors[kind] += 1
                for e in body.get("errors") or []:
                    errors[(e.get("extensions") or {}).get("code", "unknown")] += 1
                fields_total += count_fields(body.get("data"))
                continue
            if request.key not in fields_by_key:
                fields_by_key[request.key] = count_fields(orjson.loads(content)["data"])
            fields_total += fields_by_key[request.key]

    # Open the connections first (and check the token), then measure.
    await asyncio.gather(*(g.post(kinds[names[0]][0].query, kinds[names[0]][0].variables) for g in graphs))
    admin.reset_counters()
    server_cpu, sim_cpu = CpuWindow(server).start(), CpuWindow(simulator).start()
    machine = MachineWindow().start()
    started = time.perf_counter()
    await asyncio.gather(*(client(n, started + duration) for n in range(clients)))
    elapsed = time.perf_counter() - started
    server_cpu.stop()
    sim_cpu.stop()
    machine_use = machine.stop(server_cpu, sim_cpu)
    observed = admin.counters()
    for g in graphs:
        await g.aclose()
    completed = sum(len(v) for v in samples.values())
    everything = [s for v in samples.values() for s in v]
    cpu = server_cpu.total
    return {
        "name": name,
        "clients": clients,
        "durationSeconds": round(elapsed, 2),
        "mix": mix,
        "completed": completed,
        "admitted": completed,
        "refused": sum(refused.values()),
        "refusedByKind": dict(refused),
        "completedWithoutErrors": completed - sum(with_errors.values()),
        "completedByKind": {k: len(v) for k, v in samples.items()},
        "responsesWithErrors": dict(with_errors),
        "errors": dict(errors),
        "latencyMs": latency_summary(everything),
        "latencyMsByKind": {k: latency_summary(v) for k, v in samples.items() if v},
        "throughputPerSecond": round(completed / elapsed, 2),
        "serverCpuSeconds": round(cpu, 2),
        "serverCpuSecondsByWorker": server_cpu.by_worker(),
        "requestsPerCpuSecond": round(completed / cpu, 2) if cpu else None,
        "serverCpuMsPerRequest": round(cpu * 1000 / completed, 2) if completed else None,
        "serverCpuUsPerField": round(cpu * 1e6 / fields_total, 2) if fields_total else None,
        "fieldsPerRequest": round(fields_total / completed, 1) if completed else None,
        "upstreamPerRequest": round(sum(observed.values()) / completed, 2) if completed else None,
        "upstreamMinimumPerRequest": round(sum(minimum.values()) / completed, 2) if completed else None,
        "simulatorCpuSeconds": round(sim_cpu.total, 2),
        "machine": machine_use,
    }
