"""Person.personResponsibleOfficer: resolvers/officers.py -> loaders.primary_pom_by_prisoner_number
(upstream/manage_pom.py -> simulator/manage_pom.py) and loaders.supervisions_by_crn (Delius
communityManager). Its client and contract rows too."""

from __future__ import annotations

from simulator.controls import FaultRule
from simulator.delius import supervisions_json
from simulator.manage_pom import primary_pom_json
from simulator.population import Person, Population
from tests.cases import UNKNOWN_NOMS, Call, Case, CaseBuilder, pick
from tests.conftest import query
from upstream.manage_pom import ManagePomClient

ENDPOINT = "manage-pom GET /api/allocation/{nomsNumber}/primary_pom"

CLIENT_CASES = [
    Case(
        "manage_pom.primary_pom",
        ManagePomClient,
        "manage-pom",
        lambda c: c.primary_pom("A1234AA"),
        "GET",
        "/api/allocation/A1234AA/primary_pom",
        {"manager": {"code": 485926, "forename": "Ruth", "surname": "Okafor"}, "prison": {"code": "MDI"}},
        lambda r: (r.manager.forename, r.manager.surname, r.prison.code),
        ("Ruth", "Okafor", "MDI"),
        on_404=None,
        wrong_shape={"manager": "Ruth Okafor"},
    ),
]


def allocated(pop: Population) -> Person:
    return pick(pop, "allocated prisoner known to probation", lambda p: bool(p.crn) and primary_pom_json(p) is not None)


def unallocated(pop: Population) -> Person:
    return pick(pop, "prisoner in custody with no POM", lambda p: p.in_prison and primary_pom_json(p) is None)


CONTRACT_CASES: dict[str, dict[str, CaseBuilder]] = {
    ENDPOINT: {
        "allocated": lambda pop: Call(
            f"/api/allocation/{allocated(pop).prisoner_number}/primary_pom", 200, nonempty=True
        ),
        "not allocated": lambda pop: Call(f"/api/allocation/{unallocated(pop).prisoner_number}/primary_pom", 404),
        "unknown": lambda pop: Call(f"/api/allocation/{UNKNOWN_NOMS}/primary_pom", 404),
    },
}

QUERY = """
query ($id: ID!) {
  person(hmppsId: $id) {
    personResponsibleOfficer {
      prisonOffenderManager { forename surname prison { code } }
      communityOffenderManager { name { forename surname } email telephoneNumber team { code description email telephoneNumber } }
    }
  }
}
"""


def officer_of(body: dict) -> dict:
    assert "errors" not in body, body
    return body["data"]["person"]["personResponsibleOfficer"]


async def test_both_managers(graph, population, simulator):
    p = allocated(population)

    officer = officer_of(await query(graph, QUERY, id=p.crn))

    pom = primary_pom_json(p)
    assert pom is not None
    assert officer["prisonOffenderManager"] == {
        "forename": pom["manager"]["forename"],
        "surname": pom["manager"]["surname"],
        "prison": {"code": p.prison_id},
    }
    manager = supervisions_json(p)["communityManager"]
    assert officer["communityOffenderManager"] == {
        "name": manager["name"],
        "email": manager["email"],
        "telephoneNumber": manager["telephoneNumber"],
        "team": {k: manager["team"][k] for k in ("code", "description", "email", "telephoneNumber")},
    }
    assert simulator.controls.endpoint_calls[ENDPOINT] == 1


async def test_no_pom_allocated_or_no_prison_record(graph, population, simulator):
    waiting = unallocated(population)
    probation_only = next(p for p in population.people if p.crn and not p.prisoner_number)

    first = officer_of(await query(graph, QUERY, id=waiting.prisoner_number))
    calls = simulator.controls.endpoint_calls[ENDPOINT]
    second = officer_of(await query(graph, QUERY, id=probation_only.crn))

    assert first["prisonOffenderManager"] is None
    assert second["prisonOffenderManager"] is None and second["communityOffenderManager"] is not None
    assert simulator.controls.endpoint_calls[ENDPOINT] == calls  # no NOMIS number: Manage POM is not asked


async def test_prison_only_person_has_no_community_manager(graph, population):
    p = pick(population, "prison-only person", lambda p: p.crn is None and p.in_prison)

    assert officer_of(await query(graph, QUERY, id=p.prisoner_number))["communityOffenderManager"] is None


async def test_manage_pom_failure_nulls_the_field_naming_it(graph, population, simulator):
    p = allocated(population)
    simulator.controls.faults.append(FaultRule(target=ENDPOINT, type="status", status=503))

    body = await query(graph, QUERY, id=p.crn)

    assert body["data"]["person"]["personResponsibleOfficer"] is None
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "upstream": "manage-pom"}
