"""The graph's Prometheus metrics, defined once; every layer records into them.

With several worker processes each writes its own files under PROMETHEUS_MULTIPROC_DIR (set by
`person-graph serve` before any worker starts) and /metrics adds them up (prometheus-client's
multiprocess mode). Labels are bounded: operation names are GraphQL names, upstream routes are the
client method's path template (`/api/offenders/{}`), never an identifier.
"""

from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client import generate_latest as _generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from telemetry import MULTIPROC_DIR

CONTENT_TYPE = CONTENT_TYPE_LATEST

# Seconds: GraphQL answers range from a cached field (ms) to a wing list of 100 people (seconds).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
BATCH_BUCKETS = (1, 2, 5, 10, 25, 50, 100, 250, 500, 1000)

GRAPHQL_REQUESTS = Counter(
    "person_graph_graphql_requests",
    "GraphQL operations answered, by operation name and outcome (success, partial: data with errors, error)",
    ["operation", "outcome"],
)
GRAPHQL_DURATION = Histogram(
    "person_graph_graphql_request_duration_seconds",
    "Time from receiving a GraphQL request to sending its answer",
    ["operation"],
    buckets=LATENCY_BUCKETS,
)
GRAPHQL_ERRORS = Counter("person_graph_graphql_errors", "GraphQL errors in answers, by extensions.code", ["code"])
IN_FLIGHT = Gauge(
    "person_graph_requests_in_flight",
    "HTTP requests being answered now",
    multiprocess_mode="livesum",  # a worker that exited no longer counts
)
UPSTREAM_REQUESTS = Counter(
    "person_graph_upstream_requests",
    "Requests to upstream services, by upstream, method, route template and status (or timeout, error)",
    ["upstream", "method", "route", "status"],
)
UPSTREAM_DURATION = Histogram(
    "person_graph_upstream_request_duration_seconds",
    "Upstream request latency, by upstream, method and route template",
    ["upstream", "method", "route"],
    buckets=LATENCY_BUCKETS,
)
LOADER_BATCH_SIZE = Histogram(
    "person_graph_loader_batch_size",
    "Keys per DataLoader batch, by loader (the upstream client method it calls)",
    ["loader"],
    buckets=BATCH_BUCKETS,
)
CACHE_REQUESTS = Counter(
    "person_graph_cache_requests",
    "Cross-request cache look-ups, by cache and result (hit, miss)",
    ["cache", "result"],
)


def record_cache(cache: str, hits: int = 0, misses: int = 0) -> None:
    """For every cross-request cache: one call per batch of look-ups (loaders/batching.py)."""
    if hits:
        CACHE_REQUESTS.labels(cache, "hit").inc(hits)
    if misses:
        CACHE_REQUESTS.labels(cache, "miss").inc(misses)


def exposition() -> bytes:
    """The text /metrics answers: every worker's metrics summed in multiprocess mode, else this process's."""
    directory = os.environ.get(MULTIPROC_DIR)
    if not directory:
        return _generate_latest(REGISTRY)
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=directory)
    return _generate_latest(registry)
