"""All upstream clients, built once per process from Settings.

Embedded default: no base URLs configured, so every client talks to the in-process simulator
through httpx's ASGI transport (no sockets). Otherwise each client has its configured base URL.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from settings import UPSTREAMS, Settings
from upstream.alerts import AlertsClient
from upstream.auth import ClientCredentials
from upstream.contacts import ContactsClient
from upstream.delius import DeliusClient
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

    async def aclose(self) -> None:
        await self.http.aclose()


def build_upstreams(settings: Settings, embedded_app=None) -> Upstreams:
    """`embedded_app` is the simulator's ASGI app, used when no upstream URLs are configured."""
    timeout = httpx.Timeout(settings.timeout_seconds)
    limits = httpx.Limits(max_connections=1000, max_keepalive_connections=200)
    if settings.embedded:
        if embedded_app is None:
            raise ValueError("no upstream URLs configured and no embedded simulator given")
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=embedded_app), timeout=timeout)
        urls = {name: f"{EMBEDDED_BASE}/{name}" for name in UPSTREAMS}
        token_url = f"{EMBEDDED_BASE}/hmpps-auth/oauth/token"
    else:
        http = httpx.AsyncClient(timeout=timeout, limits=limits)
        urls = settings.upstream_urls
        if not settings.auth_url:
            raise SystemExit("HMPPS_AUTH_URL is required when upstream URLs are configured")
        token_url = f"{settings.auth_url.rstrip('/')}/oauth/token"
    tokens = ClientCredentials(http, token_url, settings.client_id, settings.client_secret)
    bounds = (settings.max_concurrency, settings.timeout_seconds * 2)
    return Upstreams(
        http=http,
        tokens=tokens,
        prisoner_search=PrisonerSearchClient("prisoner-search", http, urls["prisoner-search"], tokens, *bounds),
        probation_search=ProbationSearchClient("probation-search", http, urls["probation-search"], tokens, *bounds),
        delius=DeliusClient("delius", http, urls["delius"], tokens, *bounds),
        prison_api=PrisonApiClient("prison-api", http, urls["prison-api"], tokens, *bounds),
        alerts=AlertsClient("alerts", http, urls["alerts"], tokens, *bounds),
        locations=LocationsClient("locations", http, urls["locations"], tokens, *bounds),
        risks=RisksClient("risks", http, urls["risks"], tokens, *bounds),
        visits=VisitsClient("visits", http, urls["visits"], tokens, *bounds),
        contacts=ContactsClient("contacts", http, urls["contacts"], tokens, *bounds),
    )
