"""Manage POM Cases: a primary POM for most people in custody, in the prison that holds them."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.controls import Simulated, error_body, json_response
from simulator.population import Person, Population

SERVICE = "manage-pom"
POM_NAMES = [("Ruth", "Okafor"), ("Gareth", "Lewis"), ("Priya", "Shah"), ("Tom", "Byrne"), ("Aisha", "Khan")]


def primary_pom_json(p: Person) -> dict | None:
    """One prisoner in seven in custody is not yet allocated; released people have no POM."""
    if not p.in_prison or p.prison_id == "TRN" or p.index % 7 == 3:
        return None
    forename, surname = POM_NAMES[p.index % len(POM_NAMES)]
    return {
        "manager": {"code": 485_000 + p.index % 40, "forename": forename, "surname": surname},
        "prison": {"code": p.prison_id},
    }


def routes(pop: Population, sim: Simulated) -> list[Route]:
    async def primary_pom(request: Request):
        p = pop.by_prisoner_number.get(request.path_params["nomsNumber"])
        answer = primary_pom_json(p) if p else None
        if answer is None:
            return error_body(404, "Not allocated", SERVICE)
        return json_response(answer)

    return [sim.endpoint(SERVICE, "GET", "/api/allocation/{nomsNumber}/primary_pom", primary_pom)]
