"""The small query that bench.abuse and bench.faults time while something else loads the graph.

One sampler for both, so that a refusal (503 from admission control) is counted the same way
everywhere: it is not an answer, and a row with refusals is not within its bound.
"""

from __future__ import annotations

import time
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
