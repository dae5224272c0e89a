"""Configuration, read once from environment variables.

No upstream base URL configured means the embedded default: every upstream is the in-process
simulator, reached through httpx's ASGI transport. `UPSTREAM_BASE_URL` configures them all at once
for services that share one base URL (the standalone simulator): each at `<base>/<service name>`,
HMPPS Auth at `<base>/hmpps-auth`; a service's own variable still overrides it.

Each setting names its variable beside its default (`env(...)`), and one function reads them all
(`read_env`): a value that does not parse, or is below the setting's minimum, stops the start with
the variable's name, instead of a traceback or a silently odd server.
"""

from __future__ import annotations

import os
import re
from dataclasses import MISSING, dataclass, field, fields, is_dataclass, replace
from typing import TypeVar, get_args, get_type_hints

UPSTREAM_BASE_URL = "UPSTREAM_BASE_URL"
T = TypeVar("T")
D = TypeVar("D")

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


def env(name: str, default: T, *, minimum: float = 0) -> T:
    """A setting read from environment variable `name`, parsed as its field's type (int, float, bool,
    str, optional or not); unset or empty keeps `default`. Numbers below `minimum` are refused."""
    return field(default=default, metadata={"env": name, "minimum": minimum})


def read_env(cls: type[D]) -> D:
    """An instance of the settings dataclass `cls` with each `env` field read from the environment;
    a value that does not parse stops the process at start-up, naming the variable."""
    hints = get_type_hints(cls)
    values: dict[str, object] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        name: str | None = f.metadata.get("env")
        raw = os.environ.get(name, "").strip() if name else ""
        if name and raw:
            values[f.name] = parse_setting(name, raw, hints[f.name], f.metadata["minimum"])
    return cls(**values)


_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def parse_setting(name: str, raw: str, type_: object, minimum: float) -> object:
    """One environment variable's value as `type_`; SystemExit with the variable's name if it is not one."""
    kinds = [k for k in get_args(type_) if k is not type(None)] or [type_]
    kind = kinds[0]
    if kind is bool:
        if raw.lower() in _TRUE + _FALSE:
            return raw.lower() in _TRUE
        raise SystemExit(f"{name} must be one of {', '.join(_TRUE + _FALSE)}; not {raw[:40]!r}")
    if kind is str:
        return raw
    try:
        number = int(raw) if kind is int else float(raw)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise SystemExit(f"{name} must be {what}; not {raw[:40]!r}") from None
    if not number >= minimum:  # also refuses nan
        raise SystemExit(f"{name} must be at least {minimum:g}; not {raw[:40]!r}")
    return number


def environment_variables(cls: type) -> dict[str, object]:
    """Every variable the settings dataclass `cls` reads through `env`, nested settings included, with
    its default (the configuration tables in README.md and docs/operations.md must agree with both:
    tests/unit/test_settings.py)."""
    found: dict[str, object] = {}
    for f in fields(cls):
        if "env" in f.metadata:
            found[f.metadata["env"]] = f.default
        elif f.default_factory is not MISSING and is_dataclass(f.default_factory):
            found.update(environment_variables(f.default_factory))
    return found


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


@dataclass(frozen=True)
class QueryLimits:
    """Bounds on one request, all checked before anything executes (docs/errors.md, "Limits")."""

    # HTTP: a body (or GET query string) over this many bytes is 413, read no further.
    max_body_bytes: int = env("MAX_BODY_BYTES", 2_000_000, minimum=1)
    # Lexical tokens in the document, comments included (graphql-core stops parsing past it).
    max_tokens: int = env("MAX_QUERY_TOKENS", 15_000, minimum=1)
    max_depth: int = env("MAX_QUERY_DEPTH", 12, minimum=1)
    max_aliases: int = env("MAX_QUERY_ALIASES", 50, minimum=1)
    # Fields after fragment expansion, each spread counted in full.
    max_selections: int = env("MAX_QUERY_SELECTIONS", 2_000, minimum=1)
    # Fields after expansion, each multiplied by the page size (perPage) of the lists above it, and
    # `_entities` by its number of representations: an estimate of the objects an answer can hold.
    # The wing list of tests/e2e/test_wing_list.py (100 prisoners, each with up to 100 alerts,
    # sentences and contacts) is about 183,000; the bench's S2 page of 100 about 52,000.
    max_cost: int = env("MAX_QUERY_COST", 250_000, minimum=1)
    # `_entities` representations in one request: each is a person to look up.
    max_representations: int = env("MAX_ENTITY_REPRESENTATIONS", 1_000, minimum=1)
    # Documents up to this many characters are kept parsed and validated (by hash of their text,
    # in caches bounded in entries and characters: schema/limits.py); longer ones are parsed every time,
    # in a worker thread with their limits and validation, so that they do not hold up the event loop.
    max_cached_query_chars: int = env("MAX_CACHED_QUERY_CHARS", 10_000)


@dataclass(frozen=True)
class UpstreamResilience:
    """Retries, retry budget and circuit breaker, the same for every upstream (docs/adr/0014-upstream-resilience.md)."""

    # Waiting for a TCP connection; reading (UPSTREAM_TIMEOUT_SECONDS) and the whole attempt
    # (twice that) are Settings.timeout_seconds, all within the request's deadline.
    connect_timeout_seconds: float = env("UPSTREAM_CONNECT_TIMEOUT_SECONDS", 2.0)
    # Attempts in all for an idempotent read (GET, and POSTs marked idempotent); writes get one.
    attempts: int = env("UPSTREAM_RETRY_ATTEMPTS", 3, minimum=1)
    backoff_initial_seconds: float = 0.05
    backoff_max_seconds: float = 1.0
    backoff_jitter_seconds: float = 0.05
    # A Retry-After longer than this (or than the request has left) is not waited for.
    max_retry_after_seconds: float = 5.0
    # Retries per upstream over the window: at most this share of its requests, plus a few, so that
    # retries cannot multiply the load on a sick upstream.
    retry_budget_ratio: float = env("UPSTREAM_RETRY_BUDGET_RATIO", 0.1)
    retry_budget_minimum: int = env("UPSTREAM_RETRY_BUDGET_MINIMUM", 3)
    retry_budget_window_seconds: float = env("UPSTREAM_RETRY_BUDGET_WINDOW_SECONDS", 10.0)
    # The breaker opens when at least `breaker_minimum_calls` attempts in the window failed at this
    # rate or more; after `breaker_open_seconds` one probe is let through (half-open).
    breaker_window_seconds: float = env("UPSTREAM_BREAKER_WINDOW_SECONDS", 10.0)
    breaker_minimum_calls: int = env("UPSTREAM_BREAKER_MINIMUM_CALLS", 20, minimum=1)
    breaker_failure_rate: float = env("UPSTREAM_BREAKER_FAILURE_RATE", 0.5)
    breaker_open_seconds: float = env("UPSTREAM_BREAKER_OPEN_SECONDS", 5.0)


@dataclass(frozen=True)
class CacheSettings:
    """The caches shared by a process's requests (upstream/cache.py; docs/performance.md,
    "Caches"). A time to live of 0 turns that cache off."""

    max_entries: int = env("CACHE_MAX_ENTRIES", 100_000)  # across all of them; a wing list of 100 adds about 220
    # A location (a cell and its parents: capacity, type, certification) changes when a wing is
    # reorganised: minutes of staleness are acceptable for a cell's description.
    locations_ttl_seconds: float = env("LOCATIONS_CACHE_TTL_SECONDS", 600.0)
    # NOMIS number -> CRN: set once when a prisoner gets a probation case, and then permanent.
    identity_ttl_seconds: float = env("IDENTITY_CACHE_TTL_SECONDS", 3600.0)
    # NOMIS reference domains and Delius reference data: code tables, changed by releases.
    reference_data_ttl_seconds: float = env("REFERENCE_DATA_CACHE_TTL_SECONDS", 3600.0)
    # With REDIS_URL the entries are kept in Redis for every replica, and an entry this process has
    # read or written is also kept in the process for this long (at most its time to live): a
    # repeat within it costs no Redis round trip nor decoding (docs/adr/0016-redis-shared-caches.md).
    near_ttl_seconds: float = env("CACHE_NEAR_TTL_SECONDS", 30.0)


@dataclass(frozen=True)
class AdmissionSettings:
    """Admission control per worker, in two stages (docs/architecture.md, "Admission control"; ADR 0021).

    Before a query's cost is known (web/admission.py) at most `max_validating` requests are
    authenticated, parsed and validated at once. After validation (schema/admission.py) a request
    weighs `request_base_cost` plus its estimated cost and runs while at most `max_in_flight` run and
    their weights stay within `cost_budget`. Either stage queues at most `queue_length`, cheapest
    first in the second, each waiter for `queue_seconds` times its share of the budget (at least
    `min_wait_seconds`, counted from its arrival); beyond that, 503 with Retry-After at once. A
    request whose upstream call has waited `stall_seconds` gives its place back (0: never).

    The defaults come from the bench (one worker, 20 ms upstream latency, ADR 0021): a profile (S1,
    cost 783, ~22 ms of CPU) weighs ~4,800 and a wing list of 100 (cost 51,903, ~240 ms) ~55,900, as
    their CPU compares; a profile beside a wing list waits behind its bursts of event-loop work, so
    the budget is one wing list of 100 (it runs alone), and four profiles at once keep the worker busy
    without queueing them behind each other.
    """

    max_in_flight: int = env("MAX_REQUESTS_IN_FLIGHT", 4, minimum=1)
    max_validating: int = env("MAX_REQUESTS_VALIDATING", 8, minimum=1)
    queue_length: int = env("ADMISSION_QUEUE_LENGTH", 8)
    queue_seconds: float = env("ADMISSION_QUEUE_SECONDS", 0.5)
    min_wait_seconds: float = env("ADMISSION_MIN_WAIT_SECONDS", 0.05)
    retry_after_seconds: int = env("RETRY_AFTER_SECONDS", 1)
    cost_budget: int = env("ADMISSION_COST_BUDGET", 56_000, minimum=1)
    request_base_cost: int = env("ADMISSION_REQUEST_BASE_COST", 4_000)
    stall_seconds: float = env("ADMISSION_STALL_SECONDS", 0.5)


@dataclass(frozen=True)
class HttpLimits:
    """What one connection may hold of a worker, enforced by the HTTP protocol itself (web/http_guard.py;
    docs/adr/0017-http-connection-guard.md), so that slow or oversized requests need no ingress to be bounded.

    Behind the ingress a request arrives at machine speed (it buffers heads and bodies), so the time
    limits only bite on a client that trickles; a directly connected client gets the same bounds.
    """

    # From a connection's first byte (or a request's) to the end of its head.
    header_timeout_seconds: float = env("HTTP_HEADER_TIMEOUT_SECONDS", 10.0, minimum=1)
    # From the end of the head to the end of the body: a body of MAX_BODY_BYTES must arrive at
    # 100 KB/s or faster. A whole bound rather than one per read, which one byte a read would defeat.
    body_timeout_seconds: float = env("HTTP_BODY_TIMEOUT_SECONDS", 20.0, minimum=1)
    # Request line and headers together: Node's and h11's default, twice the largest head we expect
    # (an HMPPS Auth token with many roles, a trace context, an ingress's forwarding headers: 3-8 KiB).
    max_header_bytes: int = env("MAX_HEADER_BYTES", 16 * 1024, minimum=1)
    # Apache's default (LimitRequestFields); a request through the ingress carries about 20.
    max_header_count: int = env("MAX_HEADER_COUNT", 100, minimum=1)
    # Idle keep-alive connections close after this long.
    keep_alive_seconds: int = env("KEEP_ALIVE_SECONDS", 5)
    # Connections (and requests in flight) per worker above which a request is answered 503 at once.
    max_connections: int = env("MAX_CONNECTIONS", 1000, minimum=1)


@dataclass(frozen=True)
class Settings:
    upstream_urls: dict[str, str] = field(default_factory=dict)
    auth_url: str | None = None
    client_id: str = env("CLIENT_ID", "person-graph")
    client_secret: str = env("CLIENT_SECRET", "person-graph-secret")
    timeout_seconds: float = env("UPSTREAM_TIMEOUT_SECONDS", 5.0, minimum=0.001)
    # No GraphQL request outlives this: upstream calls stop a little before it (upstream/deadline.py),
    # and whatever is still running at it is cancelled and answered with REQUEST_TIMEOUT.
    request_deadline_seconds: float = env("REQUEST_DEADLINE_SECONDS", 10.0, minimum=0.001)
    resilience: UpstreamResilience = field(default_factory=UpstreamResilience)
    # Per-upstream bound on concurrent per-person requests (the batch endpoints need none).
    max_concurrency: int = env("UPSTREAM_MAX_CONCURRENCY", 100, minimum=1)
    batching: bool = env("BATCHING", True)
    simulator_size: int = env("SIMULATOR_SIZE", 4000, minimum=1)
    simulator_seed: int = env("SIMULATOR_SEED", 1)
    consumers_file: str = env("CONSUMERS_FILE", "consumers.example.yml")
    # The JWT issuer; defaults to HMPPS Auth's convention, <auth url>/issuer.
    auth_issuer: str | None = env("HMPPS_AUTH_ISSUER", None)
    # Only behind an mTLS-terminating ingress that sets the header itself: anyone can send a header.
    trust_subject_header: bool = env("TRUST_SUBJECT_HEADER", False)
    limits: QueryLimits = field(default_factory=QueryLimits)
    # Production mode: no introspection (unless a consumer's role grants Query.__schema), no
    # GraphiQL, no "Did you mean" suggestions. None: on whenever real upstreams are configured.
    production_mode: bool | None = env("PRODUCTION", None)
    # Operations (docs/operations.md): /metrics on its own port (None: on the graph's port);
    # each health check's bound; on SIGTERM, seconds reporting not ready before it stops listening,
    # then seconds to finish requests in flight.
    metrics_port: int | None = env("METRICS_PORT", None)
    health_timeout_seconds: float = env("HEALTH_TIMEOUT_SECONDS", 2.0, minimum=0.001)
    shutdown_drain_seconds: float = env("SHUTDOWN_DRAIN_SECONDS", 0.0)
    shutdown_grace_seconds: int = env("SHUTDOWN_GRACE_SECONDS", 20)
    # State shared by replicas (persisted queries, rate-limit counters); None: each process keeps its own.
    redis_url: str | None = env("REDIS_URL", None)
    # Per Redis command: past it the request goes on with in-process state (docs/redis.md).
    redis_timeout_seconds: float = env("REDIS_TIMEOUT_SECONDS", 0.5, minimum=0.001)
    # Apollo's persisted-query manifest: the operations a consumer with `safelist: true` may run.
    persisted_queries_file: str | None = env("PERSISTED_QUERIES_FILE", None)
    # Exact browser origins that may call the graph (web/cors.py). None: DEV_ORIGINS in the embedded
    # default, none with real upstreams (a production graph names its frontends).
    cors_allowed_origins: tuple[str, ...] | None = None
    caches: CacheSettings = field(default_factory=CacheSettings)
    admission: AdmissionSettings = field(default_factory=AdmissionSettings)
    http: HttpLimits = field(default_factory=HttpLimits)
    # `serve`: allocations between the garbage collector's young collections (web/gc_policy.py); 0: off.
    gc_young_threshold: int = env("GC_YOUNG_THRESHOLD", 50_000)

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
        settings = read_env(cls)
        return replace(
            settings,
            upstream_urls=urls,
            auth_url=os.environ.get("HMPPS_AUTH_URL") or (f"{base}/{AUTH_PREFIX}" if base else None),
            metrics_port=settings.metrics_port or None,  # 0 as unset
            cors_allowed_origins=cors_origins(os.environ.get("CORS_ALLOWED_ORIGINS")),
            resilience=read_env(UpstreamResilience),
            limits=read_env(QueryLimits),
            caches=read_env(CacheSettings),
            admission=read_env(AdmissionSettings),
            http=read_env(HttpLimits),
        )
