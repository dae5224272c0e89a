"""Configuration, read once from environment variables.

No upstream base URL configured means the embedded default: every upstream is the in-process
simulator, reached through httpx's ASGI transport. `UPSTREAM_BASE_URL` configures them all at once
for services that share one base URL (the standalone simulator): each at `<base>/<service name>`,
HMPPS Auth at `<base>/hmpps-auth`; a service's own variable still overrides it.
"""

from __future__ import annotations

import os
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
}


def _float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


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
    # in caches bounded in entries and characters: schema/limits.py); longer ones are parsed every time.
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

    @classmethod
    def from_env(cls) -> CacheSettings:
        return cls(
            max_entries=_int("CACHE_MAX_ENTRIES", cls.max_entries),
            locations_ttl_seconds=_float("LOCATIONS_CACHE_TTL_SECONDS", cls.locations_ttl_seconds),
            identity_ttl_seconds=_float("IDENTITY_CACHE_TTL_SECONDS", cls.identity_ttl_seconds),
            reference_data_ttl_seconds=_float("REFERENCE_DATA_CACHE_TTL_SECONDS", cls.reference_data_ttl_seconds),
        )


@dataclass(frozen=True)
class AdmissionSettings:
    """Admission control per worker (web/admission.py; docs/architecture.md, "Admission control").

    Past `max_in_flight` GraphQL requests a request waits in a queue of at most `queue_length` for at
    most `queue_seconds`; beyond that it is refused at once with 503 and Retry-After. The default comes
    from the bench (one worker, 20 ms upstream latency): a profile (S1) spends about 20 ms of CPU in a
    60 ms critical path and a wing list of 100 about 250 ms in 60 ms, so about 4 requests in flight
    keep the worker's core busy while their upstream waits overlap; more only lengthen every admitted
    request's time on the one event loop. The queue absorbs a burst of twice that for half a second.
    """

    max_in_flight: int = 4
    queue_length: int = 8
    queue_seconds: float = 0.5
    retry_after_seconds: int = 1

    @classmethod
    def from_env(cls) -> AdmissionSettings:
        return cls(
            max_in_flight=_int("MAX_REQUESTS_IN_FLIGHT", cls.max_in_flight),
            queue_length=_int("ADMISSION_QUEUE_LENGTH", cls.queue_length),
            queue_seconds=_float("ADMISSION_QUEUE_SECONDS", cls.queue_seconds),
            retry_after_seconds=_int("RETRY_AFTER_SECONDS", cls.retry_after_seconds),
        )


@dataclass(frozen=True)
class Settings:
    upstream_urls: dict[str, str] = field(default_factory=dict)
    auth_url: str | None = None
    client_id: str = "person-graph"
    client_secret: str = "person-graph-secret"
    timeout_seconds: float = 5.0
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
    caches: CacheSettings = field(default_factory=CacheSettings)
    admission: AdmissionSettings = field(default_factory=AdmissionSettings)

    @property
    def embedded(self) -> bool:
        return not self.upstream_urls

    @property
    def production(self) -> bool:
        return not self.embedded if self.production_mode is None else self.production_mode

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
            max_concurrency=_int("UPSTREAM_MAX_CONCURRENCY", cls.max_concurrency),
            batching=os.environ.get("BATCHING", "on") != "off",
            simulator_size=_int("SIMULATOR_SIZE", cls.simulator_size),
            simulator_seed=_int("SIMULATOR_SEED", cls.simulator_seed),
            consumers_file=os.environ.get("CONSUMERS_FILE", cls.consumers_file),
            auth_issuer=os.environ.get("HMPPS_AUTH_ISSUER"),
            trust_subject_header=os.environ.get("TRUST_SUBJECT_HEADER", "false").lower() == "true",
            limits=QueryLimits.from_env(),
            production_mode=_flag("PRODUCTION"),
            caches=CacheSettings.from_env(),
            admission=AdmissionSettings.from_env(),
        )
