"""Person.reportedAdjudications: resolvers/adjudications.py -> loaders.reported_adjudications_by_prisoner_number ->
upstream/adjudications.py reported_adjudications -> simulator/adjudications.py. Its client and contract rows too."""

from __future__ import annotations

from datetime import datetime

from schema.person import Person as PersonType
from simulator.controls import FaultRule
from simulator.population import Person, Population
from tests.cases import UNKNOWN_NOMS, Call, Case, CaseBuilder, pick
from tests.conftest import query
from tests.fields.conftest import AsConsumer, extensions_on
from upstream.adjudications import AdjudicationsClient

ENDPOINT = "adjudications GET /reported-adjudications/prisoner/{prisonerNumber}"

CLIENT_CASES = [
    Case(
        "adjudications.reported_adjudications",
        AdjudicationsClient,
        "adjudications",
        lambda c: c.reported_adjudications("A1234AA"),
        "GET",
        "/reported-adjudications/prisoner/A1234AA",
        [
            {
                "chargeNumber": "1524242",
                "prisonerNumber": "A1234AA",
                "gender": "MALE",
                "incidentDetails": {"dateTimeOfIncident": "2024-03-01T14:30:00", "locationUuid": "x"},
                "isYouthOffender": False,
                "incidentRole": {
                    "roleCode": "25a",
                    "offenceRule": {"paragraphNumber": "25(a)", "paragraphDescription": "Attempts"},
                },
                "offenceDetails": {
                    "offenceCode": 1001,
                    "offenceRule": {"paragraphNumber": "1", "paragraphDescription": "Commits any assault"},
                    "protectedCharacteristics": [],
                },
                "status": "CHARGE_PROVED",
                "hearings": [
                    {"dateTimeOfHearing": "2024-03-03T10:00:00", "oicHearingType": "GOV_ADULT", "agencyId": "MDI"}
                ],
                "outcomes": [],
                "punishments": [
                    {"type": "PRIVILEGE", "privilegeType": "TV", "schedule": {"days": 14, "measurement": "DAYS"}}
                ],
                "punishmentComments": [],
            }
        ],
        lambda r: [
            (
                a.chargeNumber,
                a.incidentDetails.dateTimeOfIncident,
                a.incidentRole.roleCode,
                a.offenceDetails.offenceCode,
            )
            for a in r
        ],
        [("1524242", datetime(2024, 3, 1, 14, 30), "25a", 1001)],
        on_404=None,
        wrong_shape=[{"chargeNumber": "1524242"}],
    ),
]


def with_two_adjudications(pop: Population) -> Person:
    # The simulator gives one prisoner in 6 a proved charge and one in 18 also an older dismissed one.
    return pick(pop, "prisoner with two adjudications", lambda p: bool(p.booking_id) and p.index % 18 == 0)


CONTRACT_CASES: dict[str, dict[str, CaseBuilder]] = {
    ENDPOINT: {
        "some": lambda pop: Call(
            f"/reported-adjudications/prisoner/{with_two_adjudications(pop).prisoner_number}", 200, nonempty=True
        ),
        "unknown": lambda pop: Call(f"/reported-adjudications/prisoner/{UNKNOWN_NOMS}", 200),
    },
}

QUERY = """
query ($id: ID!, $page: Int, $perPage: Int) {
  person(hmppsId: $id) {
    reportedAdjudications(page: $page, perPage: $perPage) {
      items {
        incidentDetails { dateTimeOfIncident }
        isYouthOffender
        incidentRole { roleCode offenceRule { paragraphNumber } }
        offenceDetails { offenceCode offenceRule { paragraphNumber paragraphDescription } }
        status statusReason statusDetails
        hearings { dateTimeOfHearing oicHearingType outcome { code plea } }
        outcomes { hearing { oicHearingType } outcome { outcome { code canRemove } referralOutcome { code } } }
        punishments { type privilegeType schedule { days startDate endDate suspendedUntil } }
        punishmentComments { comment }
      }
      pagination { totalCount page perPage }
    }
  }
}
"""


async def test_adjudications_newest_incident_first(graph, population, simulator):
    p = with_two_adjudications(population)

    body = await query(graph, QUERY, id=p.prisoner_number)

    assert "errors" not in body, body
    page = body["data"]["person"]["reportedAdjudications"]
    assert page["pagination"]["totalCount"] == 2
    proved, dismissed = page["items"]
    assert proved["status"] == "CHARGE_PROVED" and dismissed["status"] == "DISMISSED"
    assert proved["incidentDetails"]["dateTimeOfIncident"] > dismissed["incidentDetails"]["dateTimeOfIncident"]
    assert proved["punishments"][0]["schedule"]["days"] == 14 and dismissed["punishments"] == []
    assert proved["outcomes"][0]["outcome"]["outcome"]["code"] == "CHARGE_PROVED"
    assert proved["hearings"][0]["outcome"]["plea"] == "GUILTY"
    assert simulator.controls.endpoint_calls[ENDPOINT] == 1


async def test_pages(graph, population):
    p = with_two_adjudications(population)

    body = await query(graph, QUERY, id=p.prisoner_number, page=2, perPage=1)

    page = body["data"]["person"]["reportedAdjudications"]
    assert [a["status"] for a in page["items"]] == ["DISMISSED"]
    assert page["pagination"] == {"totalCount": 2, "page": 2, "perPage": 1}


async def test_bad_page_is_bad_user_input(graph, population):
    body = await query(graph, QUERY, id=with_two_adjudications(population).prisoner_number, perPage=0)

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_probation_only_person_has_none_and_asks_nothing(graph, population, simulator):
    p = next(p for p in population.people if p.crn and not p.prisoner_number)

    body = await query(graph, QUERY, id=p.crn)

    assert body["data"]["person"]["reportedAdjudications"]["items"] == []
    assert simulator.controls.endpoint_calls[ENDPOINT] == 0


async def test_upstream_failure_nulls_only_this_field(graph, population, simulator):
    p = with_two_adjudications(population)
    simulator.controls.faults.append(FaultRule(target=ENDPOINT, type="status", status=503))

    body = await query(
        graph,
        "query ($id: ID!) { person(hmppsId: $id) { firstName reportedAdjudications { items { status } } } }",
        id=p.prisoner_number,
    )

    assert body["data"]["person"]["firstName"] == p.first_name.upper()
    assert body["data"]["person"]["reportedAdjudications"] is None
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "upstream": "adjudications"}


async def test_prison_filtered_consumer_cannot_see_another_prisons_adjudications(as_consumer: AsConsumer, population):
    elsewhere = pick(
        population,
        "prisoner with adjudications outside MDI and LEI",
        lambda p: p.index % 6 == 0 and p.in_prison and p.prison_id not in ("MDI", "LEI"),
    )
    document = "query ($id: ID!) { person(hmppsId: $id) { reportedAdjudications { items { status } } } }"

    body = await query(as_consumer("private-prison-operator"), document, id=elsewhere.prisoner_number)

    assert body["data"]["person"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_the_field_is_prison_filtered_and_served_to_limited_access_cases():
    # PrisonFiltered: a person reached any way (a search, another person's field) is checked again;
    # no LimitedAccessPolicy: prison data, served whole (docs/access-control.md).
    assert extensions_on(PersonType, "reportedAdjudications") == {"PrisonFiltered"}
