"""Configuration, read once from environment variables.

No upstream base URL configured means the embedded default: every upstream is the in-process
simulator, reached through httpx's ASGI transport. `UPSTREAM_BASE_URL` configures them all at once
for services that share one base URL (the standalone simulator): each at `<base>/<service name>`,
HMPPS Auth at `<base>/hmpps-auth`; a service's own variable still overrides it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

UPSTREAM_BASE_URL = "UPSTREAM_BASE_URL"
AUTH_PREFIX = "hmpps-auth"  # HMPPS Auth's path below UPSTREAM_BASE_URL, as the simulator mounts it

# The upstream systems the graph reads from: name -> environment variable holding its base URL.
# The name is also the simulator's mount prefix and the `extensions.upstream` value in errors.
UPSTREAMS: dict[str, str] = {
    "prisoner-search": "PRISONER_SEARCH_URL",
    "probation-search": "PROBATION_SEARCH_URL",
    "delius": "DELIUS_URL",
    "prison-api": "PRISON_API_URL",
    "alerts": "ALERTS_URL",
    "locations": "LOCATIONS_URL",
    "risks": "RISKS_URL",
    "visits": "VISITS_URL",
    "contacts": "CONTACTS_URL",
    "adjudications": "ADJUDICATIONS_URL",
    "non-associations": "NON_ASSOCIATIONS_URL",
    "case-notes": "CASE_NOTES_URL",
    "manage-pom": "MANAGE_POM_URL",
    "licences": "LICENCES_URL",
    "plp": "PLP_URL",
    "interventions": "INTERVENTIONS_URL",
    "jobs-board": "JOBS_BOARD_URL",
}


def _float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


# Browser origins allowed to call the graph (CORS) when CORS_ALLOWED_ORIGINS is not set: local
# development servers (Create React App / Next.js on 3000, Vite on 5173), nothing else.
DEV_ORIGINS = ("http://localhost:3000", "http://127.0.0.1:3000", "http://localhost:5173", "http://127.0.0.1:5173")
# An exact origin: scheme, host and an optional port; no path, no wildcard.
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?|https?://\[[0-9A-Fa-f:]+\](?::[0-9]{1,5})?", re.ASCII)


def cors_origins(value: str | None) -> tuple[str, ...] | None:
    """CORS_ALLOWED_ORIGINS: comma-separated exact origins; empty allows none; unset is None (the default)."""
    if value is None:
        return None
    origins = tuple(o.strip() for o in value.split(",") if o.strip())
    wrong = [o for o in origins if not _ORIGIN.fullmatch(o)]
    if wrong:
        raise SystemExit(
            f"CORS_ALLOWED_ORIGINS must list exact origins such as https://app.example:8443 "
            f"(no wildcard, no path); not: {', '.join(wrong)}"
        )
    return origins


def _flag(name: str) -> bool | None:
    value = os.environ.get(name)
    return None if value is None or value == "" else value.lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class QueryLimits:
    """Bounds on one request, all checked before anything executes (docs/errors.md, "Limits")."""

    # HTTP: a body (or GET query string) over this many bytes is 413, read no further.
    max_body_bytes: int = 2_000_000
    # Lexical tokens in the document, comments included (graphql-core stops parsing past it).
    max_tokens: int = 15_000
    max_depth: int = 12
    max_aliases: int = 50
    # Fields after fragment expansion, each spread counted in full.
    max_selections: int = 2_000
    # Fields after expansion, each multiplied by the page size (perPage) of the lists above it, and
    # `_entities` by its number of representations: an estimate of the objects an answer can hold.
    # The wing list of tests/e2e/test_wing_list.py (100 prisoners, each with up to 100 alerts,
    # sentences and contacts) is about 183,000; the bench's S2 page of 100 about 52,000.
    max_cost: int = 250_000
    # `_entities` representations in one request: each is a person to look up.
    max_representations: int = 1_000
    # Documents up to this many characters are kept parsed and validated (by hash of their text,
    # in caches bounded in entries and characters: schema/limits.py); longer ones are parsed every time,
    # in a worker thread with their limits and validation, so that they do not hold up the event loop.
    max_cached_query_chars: int = 10_000

    @classmethod
    def from_env(cls) -> QueryLimits:
        return cls(
            max_body_bytes=_int("MAX_BODY_BYTES", cls.max_body_bytes),
            max_tokens=_int("MAX_QUERY_TOKENS", cls.max_tokens),
            max_depth=_int("MAX_QUERY_DEPTH", cls.max_depth),
            max_aliases=_int("MAX_QUERY_ALIASES", cls.max_aliases),
            max_selections=_int("MAX_QUERY_SELECTIONS", cls.max_selections),
            max_cost=_int("MAX_QUERY_COST", cls.max_cost),
            max_representations=_int("MAX_ENTITY_REPRESENTATIONS", cls.max_representations),
            max_cached_query_chars=_int("MAX_CACHED_QUERY_CHARS", cls.max_cached_query_chars),
        )


@dataclass(frozen=True)
class UpstreamResilience:
    """Retries, retry budget and circuit breaker, the same for every upstream (docs/adr/0014-upstream-resilience.md)."""

    # Waiting for a TCP connection; reading (UPSTREAM_TIMEOUT_SECONDS) and the whole attempt
    # (twice that) are Settings.timeout_seconds, all within the request's deadline.
    connect_timeout_seconds: float = 2.0
    # Attempts in all for an idempotent read (GET, and POSTs marked idempotent); writes get one.
    attempts: int = 3
    backoff_initial_seconds: float = 0.05
    backoff_max_seconds: float = 1.0
    backoff_jitter_seconds: float = 0.05
    # A Retry-After longer than this (or than the request has left) is not waited for.
    max_retry_after_seconds: float = 5.0
    # Retries per upstream over the window: at most this share of its requests, plus a few, so that
    # retries cannot multiply the load on a sick upstream.
    retry_budget_ratio: float = 0.1
    retry_budget_minimum: int = 3
    retry_budget_window_seconds: float = 10.0
    # The breaker opens when at least `breaker_minimum_calls` attempts in the window failed at this
    # rate or more; after `breaker_open_seconds` one probe is let through (half-open).
    breaker_window_seconds: float = 10.0
    breaker_minimum_calls: int = 20
    breaker_failure_rate: float = 0.5
    breaker_open_seconds: float = 5.0

    @classmethod
    def from_env(cls) -> UpstreamResilience:
        return cls(
            connect_timeout_seconds=_float("UPSTREAM_CONNECT_TIMEOUT_SECONDS", cls.connect_timeout_seconds),
            attempts=_int("UPSTREAM_RETRY_ATTEMPTS", cls.attempts),
            retry_budget_ratio=_float("UPSTREAM_RETRY_BUDGET_RATIO", cls.retry_budget_ratio),
            retry_budget_minimum=_int("UPSTREAM_RETRY_BUDGET_MINIMUM", cls.retry_budget_minimum),
            retry_budget_window_seconds=_float("UPSTREAM_RETRY_BUDGET_WINDOW_SECONDS", cls.retry_budget_window_seconds),
            breaker_window_seconds=_float("UPSTREAM_BREAKER_WINDOW_SECONDS", cls.breaker_window_seconds),
            breaker_minimum_calls=_int("UPSTREAM_BREAKER_MINIMUM_CALLS", cls.breaker_minimum_calls),
            breaker_failure_rate=_float("UPSTREAM_BREAKER_FAILURE_RATE", cls.breaker_failure_rate),
            breaker_open_seconds=_float("UPSTREAM_BREAKER_OPEN_SECONDS", cls.breaker_open_seconds),
        )


@dataclass(frozen=True)
class CacheSettings:
    """The caches shared by a process's requests (upstream/cache.py; docs/performance.md,
    "Caches"). A time to live of 0 turns that cache off."""

    max_entries: int = 100_000  # across all of them; a wing list of 100 adds about 220
    # A location (a cell and its parents: capacity, type, certification) changes when a wing is
    # reorganised: minutes of staleness are acceptable for a cell's description.
    locations_ttl_seconds: float = 600.0
    # NOMIS number -> CRN: set once when a prisoner gets a probation case, and then permanent.
    identity_ttl_seconds: float = 3600.0
    # NOMIS reference domains and Delius reference data: code tables, changed by releases.
    reference_data_ttl_seconds: float = 3600.0
    # With REDIS_URL the entries are kept in Redis for every replica, and an entry this process has
    # read or written is also kept in the process for this long (at most its time to live): a
    # repeat within it costs no Redis round trip nor decoding (docs/adr/0016-redis-shared-caches.md).
    near_ttl_seconds: float = 30.0

    @classmethod
    def from_env(cls) -> CacheSettings:
        return cls(
            max_entries=_int("CACHE_MAX_ENTRIES", cls.max_entries),
            locations_ttl_seconds=_float("LOCATIONS_CACHE_TTL_SECONDS", cls.locations_ttl_seconds),
            identity_ttl_seconds=_float("IDENTITY_CACHE_TTL_SECONDS", cls.identity_ttl_seconds),
            reference_data_ttl_seconds=_float("REFERENCE_DATA_CACHE_TTL_SECONDS", cls.reference_data_ttl_seconds),
            near_ttl_seconds=_float("CACHE_NEAR_TTL_SECONDS", cls.near_ttl_seconds),
        )


@dataclass(frozen=True)
class AdmissionSettings:
    """Admission control per worker, in two stages (docs/architecture.md, "Admission control"; ADR 0020).

    Before a query's cost is known (web/admission.py) at most `max_validating` requests are
    authenticated, parsed and validated at once. After validation (schema/admission.py) a request
    weighs `request_base_cost` plus its estimated cost and runs while at most `max_in_flight` run and
    their weights stay within `cost_budget`. Either stage queues at most `queue_length`, cheapest
    first in the second, each waiter for `queue_seconds` times its share of the budget (at least
    `min_wait_seconds`, counted from its arrival); beyond that, 503 with Retry-After at once. A
    request whose upstream call has waited `stall_seconds` gives its place back (0: never).

    The defaults come from the bench (one worker, 20 ms upstream latency, ADR 0020): a profile (S1,
    cost 783, ~22 ms of CPU) weighs ~4,800 and a wing list of 100 (cost 51,903, ~240 ms) ~55,900, as
    their CPU compares; a profile beside a wing list waits behind its bursts of event-loop work, so
    the budget is one wing list of 100 (it runs alone), and four profiles at once keep the worker busy
    without queueing them behind each other.
    """

    max_in_flight: int = 4
    max_validating: int = 8
    queue_length: int = 8
    queue_seconds: float = 0.5
    min_wait_seconds: float = 0.05
    retry_after_seconds: int = 1
    cost_budget: int = 56_000
    request_base_cost: int = 4_000
    stall_seconds: float = 0.5

    @classmethod
    def from_env(cls) -> AdmissionSettings:
        return cls(
            max_in_flight=_int("MAX_REQUESTS_IN_FLIGHT", cls.max_in_flight),
            max_validating=_int("MAX_REQUESTS_VALIDATING", cls.max_validating),
            cost_budget=_int("ADMISSION_COST_BUDGET", cls.cost_budget),
            request_base_cost=_int("ADMISSION_REQUEST_BASE_COST", cls.request_base_cost),
            stall_seconds=_float("ADMISSION_STALL_SECONDS", cls.stall_seconds),
            min_wait_seconds=_float("ADMISSION_MIN_WAIT_SECONDS", cls.min_wait_seconds),
            queue_length=_int("ADMISSION_QUEUE_LENGTH", cls.queue_length),
            queue_seconds=_float("ADMISSION_QUEUE_SECONDS", cls.queue_seconds),
            retry_after_seconds=_int("RETRY_AFTER_SECONDS", cls.retry_after_seconds),
        )


@dataclass(frozen=True)
class HttpLimits:
    """What one connection may hold of a worker, enforced by the HTTP protocol itself (web/http_guard.py;
    docs/adr/0017-http-connection-guard.md), so that slow or oversized requests need no ingress to be bounded.

    Behind the ingress a request arrives at machine speed (it buffers heads and bodies), so the time
    limits only bite on a client that trickles; a directly connected client gets the same bounds.
    """

    # From a connection's first byte (or a request's) to the end of its head.
    header_timeout_seconds: float = 10.0
    # From the end of the head to the end of the body: a body of MAX_BODY_BYTES must arrive at
    # 100 KB/s or faster. A whole bound rather than one per read, which one byte a read would defeat.
    body_timeout_seconds: float = 20.0
    # Request line and headers together: Node's and h11's default, twice the largest head we expect
    # (an HMPPS Auth token with many roles, a trace context, an ingress's forwarding headers: 3-8 KiB).
    max_header_bytes: int = 16 * 1024
    # Apache's default (LimitRequestFields); a request through the ingress carries about 20.
    max_header_count: int = 100
    # Idle keep-alive connections close after this long.
    keep_alive_seconds: int = 5
    # Connections (and requests in flight) per worker above which a request is answered 503 at once.
    max_connections: int = 1000

    @classmethod
    def from_env(cls) -> HttpLimits:
        return cls(
            header_timeout_seconds=_float("HTTP_HEADER_TIMEOUT_SECONDS", cls.header_timeout_seconds),
            body_timeout_seconds=_float("HTTP_BODY_TIMEOUT_SECONDS", cls.body_timeout_seconds),
            max_header_bytes=_int("MAX_HEADER_BYTES", cls.max_header_bytes),
            max_header_count=_int("MAX_HEADER_COUNT", cls.max_header_count),
            keep_alive_seconds=_int("KEEP_ALIVE_SECONDS", cls.keep_alive_seconds),
            max_connections=_int("MAX_CONNECTIONS", cls.max_connections),
        )


@dataclass(frozen=True)
class Settings:
    upstream_urls: dict[str, str] = field(default_factory=dict)
    auth_url: str | None = None
    client_id: str = "person-graph"
    client_secret: str = "person-graph-secret"
    timeout_seconds: float = 5.0
    # No GraphQL request outlives this: upstream calls stop a little before it (upstream/deadline.py),
    # and whatever is still running at it is cancelled and answered with REQUEST_TIMEOUT.
    request_deadline_seconds: float = 10.0
    resilience: UpstreamResilience = field(default_factory=UpstreamResilience)
    # Per-upstream bound on concurrent per-person requests (the batch endpoints need none).
    max_concurrency: int = 100
    batching: bool = True
    simulator_size: int = 4000
    simulator_seed: int = 1
    consumers_file: str = "consumers.example.yml"
    # The JWT issuer; defaults to HMPPS Auth's convention, <auth url>/issuer.
    auth_issuer: str | None = None
    # Only behind an mTLS-terminating ingress that sets the header itself: anyone can send a header.
    trust_subject_header: bool = False
    limits: QueryLimits = field(default_factory=QueryLimits)
    # Production mode: no introspection (unless a consumer's role grants Query.__schema), no
    # GraphiQL, no "Did you mean" suggestions. None: on whenever real upstreams are configured.
    production_mode: bool | None = None
    # Operations (docs/operations.md): /metrics on its own port (None: on the graph's port);
    # each health check's bound; on SIGTERM, seconds reporting not ready before it stops listening,
    # then seconds to finish requests in flight.
    metrics_port: int | None = None
    health_timeout_seconds: float = 2.0
    shutdown_drain_seconds: float = 0.0
    shutdown_grace_seconds: int = 20
    # State shared by replicas (persisted queries, rate-limit counters); None: each process keeps its own.
    redis_url: str | None = None
    # Per Redis command: past it the request goes on with in-process state (docs/redis.md).
    redis_timeout_seconds: float = 0.5
    # Apollo's persisted-query manifest: the operations a consumer with `safelist: true` may run.
    persisted_queries_file: str | None = None
    # Exact browser origins that may call the graph (web/cors.py). None: DEV_ORIGINS in the embedded
    # default, none with real upstreams (a production graph names its frontends).
    cors_allowed_origins: tuple[str, ...] | None = None
    caches: CacheSettings = field(default_factory=CacheSettings)
    admission: AdmissionSettings = field(default_factory=AdmissionSettings)
    http: HttpLimits = field(default_factory=HttpLimits)
    # `serve`: allocations between the garbage collector's young collections (web/gc_policy.py); 0: off.
    gc_young_threshold: int = 50_000

    @property
    def embedded(self) -> bool:
        return not self.upstream_urls

    @property
    def production(self) -> bool:
        return not self.embedded if self.production_mode is None else self.production_mode

    @property
    def cors_origins(self) -> tuple[str, ...]:
        if self.cors_allowed_origins is not None:
            return self.cors_allowed_origins
        return DEV_ORIGINS if self.embedded else ()

    @classmethod
    def from_env(cls) -> Settings:
        base = os.environ.get(UPSTREAM_BASE_URL, "").rstrip("/")
        urls = {name: f"{base}/{name}" for name in UPSTREAMS} if base else {}
        urls.update({name: os.environ[var].rstrip("/") for name, var in UPSTREAMS.items() if os.environ.get(var)})
        if urls and len(urls) != len(UPSTREAMS):
            missing = sorted(var for name, var in UPSTREAMS.items() if name not in urls)
            raise SystemExit(f"Some upstream URLs are configured but not all; missing: {', '.join(missing)}")
        return cls(
            upstream_urls=urls,
            auth_url=os.environ.get("HMPPS_AUTH_URL") or (f"{base}/{AUTH_PREFIX}" if base else None),
            client_id=os.environ.get("CLIENT_ID", cls.client_id),
            client_secret=os.environ.get("CLIENT_SECRET", cls.client_secret),
            timeout_seconds=_float("UPSTREAM_TIMEOUT_SECONDS", cls.timeout_seconds),
            request_deadline_seconds=_float("REQUEST_DEADLINE_SECONDS", cls.request_deadline_seconds),
            resilience=UpstreamResilience.from_env(),
            max_concurrency=_int("UPSTREAM_MAX_CONCURRENCY", cls.max_concurrency),
            batching=os.environ.get("BATCHING", "on") != "off",
            simulator_size=_int("SIMULATOR_SIZE", cls.simulator_size),
            simulator_seed=_int("SIMULATOR_SEED", cls.simulator_seed),
            consumers_file=os.environ.get("CONSUMERS_FILE", cls.consumers_file),
            auth_issuer=os.environ.get("HMPPS_AUTH_ISSUER"),
            trust_subject_header=os.environ.get("TRUST_SUBJECT_HEADER", "false").lower() == "true",
            limits=QueryLimits.from_env(),
            production_mode=_flag("PRODUCTION"),
            metrics_port=_int("METRICS_PORT", 0) or None,
            health_timeout_seconds=_float("HEALTH_TIMEOUT_SECONDS", cls.health_timeout_seconds),
            shutdown_drain_seconds=_float("SHUTDOWN_DRAIN_SECONDS", cls.shutdown_drain_seconds),
            shutdown_grace_seconds=_int("SHUTDOWN_GRACE_SECONDS", cls.shutdown_grace_seconds),
            redis_url=os.environ.get("REDIS_URL") or None,
            redis_timeout_seconds=_float("REDIS_TIMEOUT_SECONDS", cls.redis_timeout_seconds),
            persisted_queries_file=os.environ.get("PERSISTED_QUERIES_FILE") or None,
            cors_allowed_origins=cors_origins(os.environ.get("CORS_ALLOWED_ORIGINS")),
            caches=CacheSettings.from_env(),
            admission=AdmissionSettings.from_env(),
            http=HttpLimits.from_env(),
            gc_young_threshold=_int("GC_YOUNG_THRESHOLD", cls.gc_young_threshold),
        )
