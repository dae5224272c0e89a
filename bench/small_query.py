"""The small query that bench.abuse and bench.faults time while something else loads the graph.

One sampler for both, so that a refusal (503 from admission control) is counted the same way
everywhere: it is not an answer, and a row with refusals is not within its bound.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

SMALL = '{ prison(prisonId: "MDI") { prisoners(perPage: 1) { items { hmppsId } } } }'


@dataclass
class Sampled:
    timings_ms: list[float] = field(default_factory=list)  # answered ones only
    refused: int = 0  # answered 503


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def sample(client: httpx.Client, samples: int) -> Sampled:
    """The small query `samples` times, one at a time: milliseconds per answer, and refusals."""
    out = Sampled()
    for _ in range(samples):
        started = time.perf_counter()
        response = client.post("/graphql", json={"query": SMALL})
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code == 503:
            out.refused += 1
            continue
        assert response.status_code == 200 and not response.json().get("errors"), response.text[:300]
        out.timings_ms.append(elapsed)
    return out


def sample_beside(
    load: Callable[..., None], args: tuple, client: httpx.Client, samples: int, settle_seconds: float
) -> tuple[Sampled, int]:
    """The small query sampled while `load(*args, stop, count)` runs in its own process (so that making
    the load takes nothing from the sampler), from `settle_seconds` after it first counts; with how
    many times it counted meanwhile. A load still busy when told to stop is killed (its sockets close
    with it)."""
    context = multiprocessing.get_context("spawn")
    stop, count = context.Event(), context.Value("i", 0)
    process = context.Process(target=load, args=(*args, stop, count), daemon=True)
    process.start()
    while count.value == 0 and process.is_alive():
        time.sleep(0.05)
    time.sleep(settle_seconds)
    try:
        return sample(client, samples), count.value
    finally:
        stop.set()
        process.join(timeout=2)
        if process.is_alive():
            process.kill()
            process.join(timeout=10)
