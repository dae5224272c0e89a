"""Person.visitRestrictions: resolvers/visits.py -> loaders.visit_restrictions_by_prisoner_number ->
upstream/prison_api.py offender_restrictions -> simulator/prison_api.py. Its client and contract rows too."""

from __future__ import annotations

from datetime import date

from simulator.controls import FaultRule
from simulator.population import Person, Population
from tests.cases import UNKNOWN_NOMS, Call, Case, CaseBuilder, pick
from tests.conftest import query
from upstream.prison_api import PrisonApiClient

ENDPOINT = "prison-api GET /api/offenders/{offenderNo}/offender-restrictions"

CLIENT_CASES = [
    Case(
        "prison_api.offender_restrictions",
        PrisonApiClient,
        "prison-api",
        lambda c: c.offender_restrictions("A1234AA"),
        "GET",
        "/api/offenders/A1234AA/offender-restrictions",
        {
            "bookingId": 1200924,
            "offenderRestrictions": [
                {
                    "restrictionId": 8001,
                    "comment": "Visits on camera",
                    "restrictionType": "CCTV",
                    "restrictionTypeDescription": "CCTV",
                    "startDate": "2024-05-01",
                    "active": True,
                }
            ],
        },
        lambda r: [
            (x.restrictionId, x.restrictionType, x.startDate, x.expiryDate, x.active) for x in r.offenderRestrictions
        ],
        [(8001, "CCTV", date(2024, 5, 1), None, True)],
        on_404=None,
        wrong_shape={"offenderRestrictions": [{"restrictionId": 8001}]},
        params={"activeRestrictionsOnly": "false"},
    ),
]


def with_both_restrictions(pop: Population) -> Person:
    # The simulator gives one prisoner in 7 an active CCTV restriction and one in 11 an expired ban.
    return pick(pop, "prisoner with visit restrictions", lambda p: bool(p.booking_id) and p.index % 77 == 0)


CONTRACT_CASES: dict[str, dict[str, CaseBuilder]] = {
    ENDPOINT: {
        "all": lambda pop: Call(
            f"/api/offenders/{with_both_restrictions(pop).prisoner_number}/offender-restrictions",
            200,
            params={"activeRestrictionsOnly": "false"},
            nonempty=True,
        ),
        "active only": lambda pop: Call(
            f"/api/offenders/{with_both_restrictions(pop).prisoner_number}/offender-restrictions", 200
        ),
        "unknown": lambda pop: Call(f"/api/offenders/{UNKNOWN_NOMS}/offender-restrictions", 404),
    },
}

QUERY = """
query ($id: ID!, $active: Boolean) {
  person(hmppsId: $id) {
    visitRestrictions(active: $active) { restrictionId restrictionType startDate expiryDate active comment }
  }
}
"""


async def test_all_restrictions_newest_first(graph, population, simulator):
    p = with_both_restrictions(population)

    body = await query(graph, QUERY, id=p.prisoner_number)

    assert "errors" not in body, body
    rows = body["data"]["person"]["visitRestrictions"]
    assert [(r["restrictionType"], r["active"]) for r in rows] == [("CCTV", True), ("BAN", False)]
    assert rows[0]["startDate"] > rows[1]["startDate"] and rows[1]["expiryDate"] is not None
    assert simulator.controls.endpoint_calls[ENDPOINT] == 1


async def test_active_filters_them(graph, population):
    p = with_both_restrictions(population)

    active = await query(graph, QUERY, id=p.prisoner_number, active=True)
    expired = await query(graph, QUERY, id=p.prisoner_number, active=False)

    assert [r["restrictionType"] for r in active["data"]["person"]["visitRestrictions"]] == ["CCTV"]
    assert [r["restrictionType"] for r in expired["data"]["person"]["visitRestrictions"]] == ["BAN"]


async def test_probation_only_person_has_none_and_asks_nothing(graph, population, simulator):
    p = next(p for p in population.people if p.crn and not p.prisoner_number)

    body = await query(graph, QUERY, id=p.crn)

    assert body["data"]["person"]["visitRestrictions"] == []
    assert simulator.controls.endpoint_calls[ENDPOINT] == 0


async def test_upstream_failure_nulls_only_this_field(graph, population, simulator):
    p = with_both_restrictions(population)
    simulator.controls.faults.append(FaultRule(target=ENDPOINT, type="status", status=503))

    body = await query(
        graph,
        "query ($id: ID!) { person(hmppsId: $id) { firstName visitRestrictions { restrictionId } } }",
        id=p.prisoner_number,
    )

    assert body["data"]["person"]["firstName"] == p.first_name.upper()
    assert body["data"]["person"]["visitRestrictions"] is None
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "upstream": "prison-api"}
