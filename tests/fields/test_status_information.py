"""Person.statusInformation: resolvers/status_information.py -> loaders.supervisions_by_crn (Delius
GET /case/{crn}/supervisions, whose client and contract rows are the supervisions' own)."""

from __future__ import annotations

from access.redactions import REDACTED
from simulator.controls import FaultRule
from tests.cases import pick
from tests.conftest import query

ENDPOINT = "delius GET /case/{crn}/supervisions"

QUERY = """
query ($id: ID!, $page: Int, $perPage: Int) {
  person(hmppsId: $id) {
    statusInformation(page: $page, perPage: $perPage) {
      items { code description startDate reviewDate notes }
      pagination { totalCount page }
    }
  }
}
"""


def warrants(p):
    """The person's statuses the graph passes on (resolvers/status_information.py STATUS_CODES)."""
    return [s for s in p.person_statuses if s["code"] == "WRSM"]


async def test_statuses_from_delius(graph, population, simulator):
    p = pick(population, "person with a warrant", lambda p: bool(warrants(p)) and not (p.restricted or p.excluded))

    body = await query(graph, QUERY, id=p.crn)

    assert "errors" not in body, body
    rows = body["data"]["person"]["statusInformation"]["items"]
    assert rows == [
        {
            "code": s["code"],
            "description": s["description"],
            "startDate": s["startDate"],
            "reviewDate": s["reviewDate"],
            "notes": s["notes"],
        }
        for s in warrants(p)
    ]
    assert simulator.controls.endpoint_calls[ENDPOINT] == 1


async def test_prison_only_person_has_none_and_asks_nothing(graph, population, simulator):
    p = pick(population, "prison-only person", lambda p: p.crn is None and bool(p.prisoner_number))

    body = await query(graph, QUERY, id=p.prisoner_number)

    assert body["data"]["person"]["statusInformation"]["items"] == []
    assert simulator.controls.endpoint_calls[ENDPOINT] == 0


async def test_other_statuses_are_left_out_as_the_integration_api_does(graph, population, simulator):
    p = pick(population, "person with only an SFO review status", lambda p: bool(p.person_statuses) and not warrants(p))

    body = await query(graph, QUERY, id=p.crn)

    assert body["data"]["person"]["statusInformation"] == {"items": [], "pagination": {"totalCount": 0, "page": 1}}
    assert simulator.controls.endpoint_calls[ENDPOINT] == 1


async def test_limited_access_notes_are_masked(graph, population):
    p = pick(
        population, "limited-access person with a warrant", lambda p: bool(warrants(p)) and (p.restricted or p.excluded)
    )

    body = await query(graph, QUERY, id=p.crn)

    rows = body["data"]["person"]["statusInformation"]["items"]
    assert rows and {r["notes"] for r in rows} == {REDACTED}
    assert [r["code"] for r in rows] == [s["code"] for s in warrants(p)]


async def test_delius_failure_nulls_only_this_field(graph, population, simulator):
    p = pick(population, "person with a warrant", lambda p: bool(warrants(p)) and not (p.restricted or p.excluded))
    simulator.controls.faults.append(FaultRule(target=ENDPOINT, type="status", status=503))

    body = await query(
        graph, "query ($id: ID!) { person(hmppsId: $id) { hmppsId statusInformation { items { code } } } }", id=p.crn
    )

    assert body["data"]["person"] == {"hmppsId": p.crn, "statusInformation": None}
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "upstream": "delius"}
