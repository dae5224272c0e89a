"""The simulator: every upstream the graph calls, each mounted under its own prefix.

The graph's base URL for an upstream is `<simulator>/<service>` (e.g. http://127.0.0.1:9090/alerts),
so the paths below each prefix are exactly the real service's paths.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

from simulator import (
    adjudications,
    admin,
    alerts,
    case_notes,
    contacts,
    delius,
    interventions,
    jobs_board,
    licences,
    locations,
    manage_pom,
    non_associations,
    plp,
    prison_accounts,
    prison_api,
    prisoner_search,
    probation_search,
    risks,
    visits,
)
from simulator.auth import AuthServer
from simulator.controls import Controls, Simulated, health_ping
from simulator.population import Population

SERVICES = {
    prisoner_search.SERVICE: prisoner_search.routes,
    probation_search.SERVICE: probation_search.routes,
    delius.SERVICE: delius.routes,
    prison_api.SERVICE: lambda pop, sim: [*prison_api.routes(pop, sim), *prison_accounts.routes(pop, sim)],
    alerts.SERVICE: alerts.routes,
    locations.SERVICE: locations.routes,
    risks.SERVICE: risks.routes,
    visits.SERVICE: visits.routes,
    contacts.SERVICE: contacts.routes,
    adjudications.SERVICE: adjudications.routes,
    non_associations.SERVICE: non_associations.routes,
    case_notes.SERVICE: case_notes.routes,
    manage_pom.SERVICE: manage_pom.routes,
    licences.SERVICE: licences.routes,
    plp.SERVICE: plp.routes,
    interventions.SERVICE: interventions.routes,
    jobs_board.SERVICE: jobs_board.routes,
}
AUTH_PREFIX = "/hmpps-auth"


@dataclass
class Simulator:
    app: Starlette
    population: Population
    controls: Controls
    auth: AuthServer


async def _not_found(request, exc) -> JSONResponse:
    return JSONResponse(
        {"status": 404, "userMessage": "No such endpoint", "developerMessage": request.url.path}, status_code=404
    )


def create_simulator(size: int = 4000, seed: int = 1, population: Population | None = None) -> Simulator:
    pop = population or Population(size=size, seed=seed)
    controls = Controls()
    auth = AuthServer()
    sim = Simulated(controls=controls, verify_token=auth.verify)
    mounts = [
        Mount(f"/{name}", routes=[*make_routes(pop, sim), health_ping(name, controls)])
        for name, make_routes in SERVICES.items()
    ]
    app = Starlette(
        routes=[
            *mounts,
            Mount(AUTH_PREFIX, routes=[*auth.routes(), health_ping(AUTH_PREFIX.strip("/"), controls)]),
            Mount("/__admin", routes=admin.routes(controls, pop)),
            Route("/health", lambda request: JSONResponse({"status": "UP"})),
        ],
        exception_handlers={404: _not_found},
    )
    return Simulator(app=app, population=pop, controls=controls, auth=auth)
