"""All upstream clients, built once per process from Settings.

Embedded default: no base URLs configured, so every client talks to the in-process simulator
through httpx's ASGI transport (no sockets). Otherwise each client has its configured base URL.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from httpx_aiohttp import AiohttpTransport

from settings import UPSTREAMS, Settings
from upstream.alerts import AlertsClient
from upstream.auth import ClientCredentials
from upstream.contacts import ContactsClient
from upstream.delius import DeliusClient
from upstream.jobs_board import JobsBoardClient
from upstream.locations import LocationsClient
from upstream.prison_api import PrisonApiClient
from upstream.prisoner_search import PrisonerSearchClient
from upstream.probation_search import ProbationSearchClient
from upstream.risks import RisksClient
from upstream.visits import VisitsClient

EMBEDDED_BASE = "http://simulator"


@dataclass
class Upstreams:
    http: httpx.AsyncClient
    tokens: ClientCredentials
    prisoner_search: PrisonerSearchClient
    probation_search: ProbationSearchClient
    delius: DeliusClient
    prison_api: PrisonApiClient
    alerts: AlertsClient
    locations: LocationsClient
    risks: RisksClient
    visits: VisitsClient
    contacts: ContactsClient
    jobs_board: JobsBoardClient

    pools: list[httpx.AsyncClient]

    async def aclose(self) -> None:
        for pool in self.pools:
            await pool.aclose()


def build_upstreams(settings: Settings, embedded_app=None) -> Upstreams:
    """`embedded_app` is the simulator's ASGI app, used when no upstream URLs are configured."""
    timeout = httpx.Timeout(settings.timeout_seconds)
    if settings.embedded:
        if embedded_app is None:
            raise ValueError("no upstream URLs configured and no embedded simulator given")
        transport = httpx.ASGITransport(app=embedded_app)
        urls = {name: f"{EMBEDDED_BASE}/{name}" for name in UPSTREAMS}
        token_url = f"{EMBEDDED_BASE}/hmpps-auth/oauth/token"
    else:
        transport = None
        urls = settings.upstream_urls
        if not settings.auth_url:
            raise SystemExit("HMPPS_AUTH_URL is required when upstream URLs are configured")
        token_url = f"{settings.auth_url.rstrip('/')}/oauth/token"

    def pool() -> httpx.AsyncClient:
        # A keep-alive connection pool per upstream, sized to its concurrency bound.
        limits = httpx.Limits(
            max_connections=settings.max_concurrency, max_keepalive_connections=settings.max_concurrency
        )
        # httpcore's pool does work per held connection on every request and response (quadratic
        # in the connections in flight); aiohttp's connector does not. httpx stays the client API.
        return httpx.AsyncClient(transport=transport or AiohttpTransport(limits=limits), timeout=timeout, limits=limits)

    http = pool()  # HMPPS Auth: tokens for us, and the JWKS that verifies our consumers' tokens
    pools = {name: pool() for name in UPSTREAMS}
    tokens = ClientCredentials(http, token_url, settings.client_id, settings.client_secret)

    def client(cls, name: str):
        return cls(name, pools[name], urls[name], tokens, settings.max_concurrency, settings.timeout_seconds * 2)

    return Upstreams(
        http=http,
        tokens=tokens,
        prisoner_search=client(PrisonerSearchClient, "prisoner-search"),
        probation_search=client(ProbationSearchClient, "probation-search"),
        delius=client(DeliusClient, "delius"),
        prison_api=client(PrisonApiClient, "prison-api"),
        alerts=client(AlertsClient, "alerts"),
        locations=client(LocationsClient, "locations"),
        risks=client(RisksClient, "risks"),
        visits=client(VisitsClient, "visits"),
        contacts=client(ContactsClient, "contacts"),
        jobs_board=client(JobsBoardClient, "jobs-board"),
        pools=[http, *pools.values()],
    )
