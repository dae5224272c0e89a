"""Person.nonAssociations: schema/person.py -> resolvers/non_associations.py ->
loaders.non_associations_by_prisoner_number_open_closed -> upstream/non_associations.py ->
simulator/non_associations.py. Its client and contract rows too."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest
import yaml

from schema.person import Person as PersonType
from server import create_app
from settings import Settings
from simulator.controls import FaultRule
from simulator.non_associations import Pair, pairs_by_prisoner_number
from simulator.population import Population
from tests.cases import UNKNOWN_NOMS, Call, Case, CaseBuilder
from tests.conftest import query
from tests.fields.conftest import AsConsumer, extensions_on
from upstream.non_associations import NonAssociationsClient

ENDPOINT = "non-associations GET /prisoner/{prisonerNumber}/non-associations"

ANSWER = {
    "prisonerNumber": "A1234AA",
    "firstName": "JOHN",
    "lastName": "SMITH",
    "openCount": 1,
    "closedCount": 0,
    "nonAssociations": [
        {
            "id": 70001,
            "role": "VICTIM",
            "roleDescription": "Victim",
            "reason": "BULLYING",
            "reasonDescription": "Bullying",
            "restrictionType": "CELL",
            "restrictionTypeDescription": "Cell only",
            "comment": "Keep apart",
            "authorisedBy": "OFF3_GEN",
            "whenCreated": "2024-12-31T12:34:56.789012",
            "whenUpdated": "2024-12-31T12:34:56.789012",
            "updatedBy": "OFF3_GEN",
            "isClosed": False,
            "otherPrisonerDetails": {
                "prisonerNumber": "D5678EF",
                "role": "PERPETRATOR",
                "roleDescription": "Perpetrator",
                "firstName": "LUKE",
                "lastName": "JONES",
                "prisonId": "MDI",
                "prisonName": "Moorland",
                "cellLocation": "B-2-007",
            },
            "isOpen": True,
        }
    ],
}

CLIENT_CASES = [
    Case(
        "non_associations.prisoner_non_associations",
        NonAssociationsClient,
        "non-associations",
        lambda c: c.prisoner_non_associations("A1234AA", True, False),
        "GET",
        "/prisoner/A1234AA/non-associations",
        ANSWER,
        lambda r: [(n.id, n.whenCreated, n.otherPrisonerDetails.prisonerNumber, n.isOpen) for n in r.nonAssociations],
        [(70001, datetime(2024, 12, 31, 12, 34, 56, 789012), "D5678EF", True)],
        on_404=None,
        wrong_shape={"nonAssociations": [{"id": 1}]},
        params={"includeOpen": "true", "includeClosed": "false"},
    ),
]


def pairs(pop: Population) -> dict[str, Pair]:
    return pairs_by_prisoner_number(pop)


def open_pair(pop: Population) -> Pair:
    return next(pair for pair in pairs(pop).values() if not pair.closed)


def closed_pair(pop: Population) -> Pair:
    return next(pair for pair in pairs(pop).values() if pair.closed)


CONTRACT_CASES: dict[str, dict[str, CaseBuilder]] = {
    ENDPOINT: {
        "open": lambda pop: Call(
            f"/prisoner/{open_pair(pop).victim.prisoner_number}/non-associations", 200, nonempty=True
        ),
        "open and closed": lambda pop: Call(
            f"/prisoner/{closed_pair(pop).perpetrator.prisoner_number}/non-associations",
            200,
            params={"includeOpen": "true", "includeClosed": "true"},
            nonempty=True,
        ),
        "unknown": lambda pop: Call(f"/prisoner/{UNKNOWN_NOMS}/non-associations", 404),
    },
}

QUERY = """
query ($id: ID!, $open: Boolean! = true, $closed: Boolean! = false) {
  person(hmppsId: $id) {
    nonAssociations(includeOpen: $open, includeClosed: $closed) {
      id role reason restrictionType isOpen isClosed closedAt whenCreated
      otherPrisonerDetails { prisonerNumber role firstName lastName prisonId cellLocation
                             person { hmppsId firstName prisonId cellLocation { cell } } }
    }
  }
}
"""


async def test_open_non_association_with_the_other_prisoner_as_a_person(graph, population, simulator):
    pair = open_pair(population)

    body = await query(graph, QUERY, id=pair.victim.prisoner_number)

    assert "errors" not in body, body
    [entry] = body["data"]["person"]["nonAssociations"]
    assert (entry["role"], entry["isOpen"], entry["closedAt"]) == ("VICTIM", True, None)
    other = entry["otherPrisonerDetails"]
    assert (other["prisonerNumber"], other["role"]) == (pair.perpetrator.prisoner_number, "PERPETRATOR")
    assert other["person"]["hmppsId"] == pair.perpetrator.hmpps_id
    assert other["person"]["prisonId"] == pair.perpetrator.prison_id == pair.victim.prison_id
    assert other["person"]["cellLocation"]["cell"] == pair.perpetrator.cell_location
    assert simulator.controls.endpoint_calls[ENDPOINT] == 1


async def test_both_sides_see_the_same_non_association(graph, population):
    pair = open_pair(population)

    a = await query(graph, QUERY, id=pair.victim.prisoner_number)
    b = await query(graph, QUERY, id=pair.perpetrator.prisoner_number)

    [mine], [theirs] = a["data"]["person"]["nonAssociations"], b["data"]["person"]["nonAssociations"]
    assert mine["id"] == theirs["id"] and theirs["role"] == "PERPETRATOR"
    assert theirs["otherPrisonerDetails"]["prisonerNumber"] == pair.victim.prisoner_number


async def test_closed_ones_only_when_asked(graph, population):
    pair = closed_pair(population)

    default = await query(graph, QUERY, id=pair.perpetrator.prisoner_number)
    closed = await query(graph, QUERY, id=pair.perpetrator.prisoner_number, open=False, closed=True)

    assert default["data"]["person"]["nonAssociations"] == []
    [entry] = closed["data"]["person"]["nonAssociations"]
    assert entry["isClosed"] and entry["closedAt"] > entry["whenCreated"]


async def test_neither_open_nor_closed_is_bad_user_input(graph, population, simulator):
    body = await query(graph, QUERY, id=open_pair(population).victim.prisoner_number, open=False, closed=False)

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert simulator.controls.endpoint_calls[ENDPOINT] == 0


async def test_a_wing_of_people_with_their_others_costs_one_prisoner_search_batch(graph, population, simulator):
    document = """{ prison(prisonId: "MDI") { prisoners(perPage: 40) { items {
      nonAssociations { otherPrisonerDetails { person { firstName } } } } } } }"""
    body = await query(graph, document)

    assert "errors" not in body, body
    names = [
        n["otherPrisonerDetails"]["person"]["firstName"]
        for p in body["data"]["prison"]["prisoners"]["items"]
        for n in p["nonAssociations"]
    ]
    assert names and all(names)
    assert simulator.controls.endpoint_calls["prisoner-search POST /prisoner-search/prisoner-numbers"] <= 1


async def test_probation_only_person_has_none_and_asks_nothing(graph, population, simulator):
    p = next(p for p in population.people if p.crn and not p.prisoner_number)

    body = await query(graph, QUERY, id=p.crn)

    assert body["data"]["person"]["nonAssociations"] == []
    assert simulator.controls.endpoint_calls[ENDPOINT] == 0


async def test_upstream_failure_nulls_only_this_field(graph, population, simulator):
    p = open_pair(population).victim
    simulator.controls.faults.append(FaultRule(target=ENDPOINT, type="status", status=503))

    body = await query(
        graph, "query ($id: ID!) { person(hmppsId: $id) { firstName nonAssociations { id } } }", id=p.prisoner_number
    )

    assert body["data"]["person"]["firstName"] == p.first_name.upper()
    assert body["data"]["person"]["nonAssociations"] is None
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "upstream": "non-associations"}


async def test_prison_filtered_consumer_does_not_see_another_prisons_non_associations(
    as_consumer: AsConsumer, population
):
    elsewhere = next(pair for pair in pairs(population).values() if pair.victim.prison_id not in ("MDI", "LEI"))

    body = await query(as_consumer("private-prison-operator"), QUERY, id=elsewhere.victim.prisoner_number)

    assert body["data"]["person"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


@pytest.fixture
async def probation_cases_in_moorland(simulator, tmp_path):
    """A consumer that sees only people in Moorland who are known to probation."""
    consumers = tmp_path / "consumers.yml"
    consumers.write_text(
        yaml.safe_dump(
            {
                "roles": {"reader": {"include": ["Query.person", "Person.*"]}},
                "consumers": {
                    "moorland-probation": {
                        "roles": ["reader"],
                        "filters": {"prisons": ["MDI"], "supervisionStatuses": ["PROBATION"]},
                    }
                },
            }
        )
    )
    app = create_app(Settings(timeout_seconds=2.0, consumers_file=str(consumers)), embedded_simulator=simulator)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        client.headers["Authorization"] = f"Bearer {simulator.auth.issue('moorland-probation', [])}"
        yield client
    await app.state.upstreams.aclose()


async def test_an_entry_naming_someone_the_consumer_may_not_see_is_left_out(
    probation_cases_in_moorland, graph, population
):
    pair = next(
        pair
        for pair in pairs(population).values()
        if pair.victim.prison_id == "MDI" and not pair.closed and bool(pair.victim.crn) != bool(pair.perpetrator.crn)
    )
    seen, unseen = (pair.victim, pair.perpetrator) if pair.victim.crn else (pair.perpetrator, pair.victim)

    filtered = await query(probation_cases_in_moorland, QUERY, id=seen.prisoner_number)
    hidden = await query(probation_cases_in_moorland, QUERY, id=unseen.prisoner_number)
    everyone = await query(graph, QUERY, id=seen.prisoner_number)

    assert "errors" not in filtered, filtered
    assert filtered["data"]["person"]["nonAssociations"] == []
    assert len(everyone["data"]["person"]["nonAssociations"]) == 1
    assert hidden["data"]["person"] is None and hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_the_field_is_prison_filtered_and_served_to_limited_access_cases():
    # PrisonFiltered: a person reached any way (a search, another person's field) is checked again;
    # no LimitedAccessPolicy: prison data, served whole (docs/access-control.md).
    assert extensions_on(PersonType, "nonAssociations") == {"PrisonFiltered"}
