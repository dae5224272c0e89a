"""Query.visit and Query.visits: visits by reference and by prison, with the prison filter."""

from __future__ import annotations

import httpx
import pytest

from server import create_app
from settings import Settings
from tests.conftest import query

VISIT = "query($r: String!) { visit(reference: $r) { reference prisonerId prisonId startTimestamp visitors { contactId } } }"


def a_visit(population, prison):
    return next((p, v) for p in population.people if p.prison_id == prison for v in p.visits)


async def test_visit_by_reference(graph, population):
    person, visit = a_visit(population, "MDI")
    body = await query(graph, VISIT, r=visit.reference)
    assert body["data"]["visit"] == {
        "reference": visit.reference,
        "prisonerId": person.prisoner_number,
        "prisonId": "MDI",
        "startTimestamp": visit.start.isoformat(),
        "visitors": [{"contactId": c} for c in visit.visitor_contact_ids],
    }


async def test_unknown_visit_is_not_found(graph):
    body = await query(graph, VISIT, r="zz-zz-zz-zz")
    assert body["data"]["visit"] is None and body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_visits_in_a_prison_are_paginated(graph, population):
    expected = sorted((v for p in population.people for v in p.visits if v.prison_id == "LEI"), key=lambda v: v.start)
    body = await query(
        graph,
        '{ visits(prisonId: "LEI", perPage: 5) { items { reference prisonId } '
        "pagination { totalCount page perPage } } }",
    )
    page = body["data"]["visits"]
    assert page["pagination"] == {"totalCount": len(expected), "page": 1, "perPage": 5}
    assert [item["reference"] for item in page["items"]] == [v.reference for v in expected[:5]]


@pytest.fixture
async def operator(simulator):
    app = create_app(Settings(), embedded_simulator=simulator)
    token = simulator.auth.issue("private-prison-operator", [])
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://graph", headers={"Authorization": f"Bearer {token}"}
    ) as client:
        yield client
    await app.state.upstreams.aclose()


async def test_a_prison_operator_sees_only_its_prisons_visits(operator, population):
    _, mine = a_visit(population, "MDI")
    _, theirs = a_visit(population, "BMI")
    assert (await query(operator, VISIT, r=mine.reference))["data"]["visit"]["prisonId"] == "MDI"
    body = await query(operator, VISIT, r=theirs.reference)
    assert body["data"]["visit"] is None
    assert body["errors"][0]["message"] == f"Could not find visit with reference: {theirs.reference}"
    body = await query(operator, '{ visits(prisonId: "BMI") { items { reference } } }')
    assert body["data"]["visits"] is None and body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


CONTACT = "query($id: ID!) { contact(contactId: $id) { contactId firstName lastName addresses { postcode primaryAddress } phoneNumbers { phoneNumber phoneType } } }"


async def test_contact_by_id(graph, population):
    person = next(p for p in population.people if p.contacts)
    c = person.contacts[0]
    body = await query(graph, CONTACT, id=str(c.contact_id))
    assert body["data"]["contact"] == {
        "contactId": c.contact_id,
        "firstName": c.first_name,
        "lastName": c.last_name,
        "addresses": [{"postcode": c.postcode, "primaryAddress": True}],
        "phoneNumbers": [{"phoneNumber": c.phone, "phoneType": "MOB"}],
    }


async def test_unknown_and_malformed_contacts(graph):
    body = await query(graph, CONTACT, id="999999999")
    assert body["data"]["contact"] is None and body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    body = await query(graph, CONTACT, id="abc")
    assert body["data"]["contact"] is None and body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


SEARCH = """query($p: ID!, $id: ID, $from: Date, $to: Date, $status: VisitStatus) {
  visits(prisonId: $p, hmppsId: $id, fromDate: $from, toDate: $to, visitStatus: $status, perPage: 100) {
    items { reference prisonerId startTimestamp } pagination { totalCount }
  }
}"""


async def test_visit_search_by_person_and_dates(graph, population):
    person, _ = a_visit(population, "MDI")
    theirs = sorted(person.visits, key=lambda v: v.start)
    first = theirs[0].start.date().isoformat()

    everything = await query(graph, SEARCH, p="MDI", id=person.prisoner_number)
    from_first = await query(graph, SEARCH, p="MDI", id=person.crn or person.prisoner_number, **{"from": first})
    before_first = await query(graph, SEARCH, p="MDI", id=person.prisoner_number, to=first)

    assert [v["reference"] for v in everything["data"]["visits"]["items"]] == [v.reference for v in theirs]
    assert {v["prisonerId"] for v in from_first["data"]["visits"]["items"]} == {person.prisoner_number}
    assert [v["reference"] for v in before_first["data"]["visits"]["items"]] == [
        v.reference for v in theirs if v.start.date().isoformat() <= first
    ]


async def test_visit_search_refuses_an_inverted_range_and_knows_cancelled(graph):
    inverted = await query(graph, SEARCH, p="MDI", **{"from": "2030-01-02", "to": "2030-01-01"})
    cancelled = await query(graph, SEARCH, p="MDI", status="CANCELLED")

    assert inverted["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert cancelled["data"]["visits"]["pagination"]["totalCount"] == 0  # the simulator's visits are all booked


async def test_visit_search_for_an_unknown_person_is_not_found(graph):
    body = await query(graph, SEARCH, p="MDI", id="Z9999ZZ")

    assert body["data"]["visits"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
