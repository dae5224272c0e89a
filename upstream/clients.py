"""All upstream clients, built once per process from Settings.

Embedded default: no base URLs configured, so every client talks to the in-process simulator
through httpx's ASGI transport (no sockets). Otherwise each client has its configured base URL.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from settings import UPSTREAMS, Settings
from upstream.adjudications import AdjudicationsClient
from upstream.alerts import AlertsClient
from upstream.auth import ClientCredentials
from upstream.base import UpstreamClient
from upstream.case_notes import CaseNotesClient
from upstream.contacts import ContactsClient
from upstream.delius import DeliusClient
from upstream.interventions import InterventionsClient
from upstream.jobs_board import JobsBoardClient
from upstream.licences import LicencesClient
from upstream.locations import LocationsClient
from upstream.manage_pom import ManagePomClient
from upstream.non_associations import NonAssociationsClient
from upstream.plp import PlpClient
from upstream.prison_api import PrisonApiClient
from upstream.prisoner_search import PrisonerSearchClient
from upstream.probation_search import ProbationSearchClient
from upstream.risks import RisksClient
from upstream.transport import WholeBodyAiohttpTransport
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
    adjudications: AdjudicationsClient
    non_associations: NonAssociationsClient
    case_notes: CaseNotesClient
    manage_pom: ManagePomClient
    licences: LicencesClient
    plp: PlpClient
    interventions: InterventionsClient
    jobs_board: JobsBoardClient

    pools: list[httpx.AsyncClient]

    def clients(self) -> list[UpstreamClient]:
        """Every upstream service's client (for health checks), whatever fields are added."""
        return [value for value in vars(self).values() if isinstance(value, UpstreamClient)]

    def breaker_states(self) -> dict[str, str]:
        """Each upstream's circuit breaker: "closed", "open" or "half_open" (upstream/breaker.py), by name."""
        return {client.name: client.breaker.state.value for client in self.clients()}

    async def aclose(self) -> None:
        for pool in self.pools:
            await pool.aclose()


def upstream_pool(settings: Settings, transport: httpx.AsyncBaseTransport | None) -> httpx.AsyncClient:
    """A keep-alive connection pool for one upstream, sized to its concurrency bound."""
    limits = httpx.Limits(max_connections=settings.max_concurrency, max_keepalive_connections=settings.max_concurrency)
    timeout = httpx.Timeout(settings.timeout_seconds, connect=settings.resilience.connect_timeout_seconds)
    # httpcore's pool does work per held connection on every request and response (quadratic
    # in the connections in flight); aiohttp's connector does not. httpx stays the client API.
    return httpx.AsyncClient(
        transport=transport or WholeBodyAiohttpTransport(limits=limits), timeout=timeout, limits=limits
    )


def build_upstreams(settings: Settings, embedded_app=None) -> Upstreams:
    """`embedded_app` is the simulator's ASGI app, used when no upstream URLs are configured."""
    if settings.embedded:
        if embedded_app is None:
            raise ValueError("no upstream URLs configured and no embedded simulator given")
        transport: httpx.AsyncBaseTransport | None = httpx.ASGITransport(app=embedded_app)
        urls = {name: f"{EMBEDDED_BASE}/{name}" for name in UPSTREAMS}
        token_url = f"{EMBEDDED_BASE}/hmpps-auth/oauth/token"
    else:
        transport = None
        urls = settings.upstream_urls
        if not settings.auth_url:
            raise SystemExit("HMPPS_AUTH_URL is required when upstream URLs are configured")
        token_url = f"{settings.auth_url.rstrip('/')}/oauth/token"

    http = upstream_pool(
        settings, transport
    )  # HMPPS Auth: tokens for us, and the JWKS that verifies our consumers' tokens
    pools = {name: upstream_pool(settings, transport) for name in UPSTREAMS}
    tokens = ClientCredentials(http, token_url, settings.client_id, settings.client_secret)

    def client(cls, name: str):
        # The whole attempt: twice the read timeout, so a body dribbled slowly is cut off too.
        return cls(
            name,
            pools[name],
            urls[name],
            tokens,
            settings.max_concurrency,
            settings.timeout_seconds * 2,
            settings.resilience,
        )

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
        adjudications=client(AdjudicationsClient, "adjudications"),
        non_associations=client(NonAssociationsClient, "non-associations"),
        case_notes=client(CaseNotesClient, "case-notes"),
        manage_pom=client(ManagePomClient, "manage-pom"),
        licences=client(LicencesClient, "licences"),
        plp=client(PlpClient, "plp"),
        interventions=client(InterventionsClient, "interventions"),
        jobs_board=client(JobsBoardClient, "jobs-board"),
        pools=[http, *pools.values()],
    )
