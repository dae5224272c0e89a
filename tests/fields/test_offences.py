"""Person.offences: resolvers/offences.py -> loaders.offence_history_by_prisoner_number (Prison API offence
history) and loaders.supervisions_by_crn (Delius supervisions, whose client and contract rows are its own).
The offence history's client and contract rows are here."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from access.consumers import Filters
from access.visibility import record_systems
from simulator.controls import FaultRule
from simulator.population import Population
from tests.cases import UNKNOWN_NOMS, Call, Case, CaseBuilder, pick
from tests.conftest import query
from tests.fields.conftest import AsConsumer
from upstream.prison_api import PrisonApiClient

NOMIS = "prison-api GET /api/bookings/offenderNo/{offenderNo}/offenceHistory"
SENTENCES = "prison-api GET /api/offender-sentences/booking/{bookingId}/sentences-and-offences"
DELIUS = "delius GET /case/{crn}/supervisions"

CLIENT_CASES = [
    Case(
        "prison_api.offence_history",
        PrisonApiClient,
        "prison-api",
        lambda c: c.offence_history("A1234AA"),
        "GET",
        "/api/bookings/offenderNo/A1234AA/offenceHistory",
        [
            {
                "bookingId": 1123456,
                "offenceDate": "2018-02-10",
                "offenceRangeDate": "2018-03-10",
                "offenceDescription": "Commit an act / series of acts with intent to pervert the course of public justice",
                "offenceCode": "RR84070",
                "statuteCode": "RR84",
                "mostSerious": True,
                "courtDate": "2018-06-10",
                "caseId": 100,
            }
        ],
        lambda r: [(o.offenceCode, o.statuteCode, o.offenceDate, o.offenceRangeDate, o.courtDate) for o in r],
        [("RR84070", "RR84", date(2018, 2, 10), date(2018, 3, 10), date(2018, 6, 10))],
        on_404=None,
        wrong_shape=[{"offenceCode": "RR84070"}],
    ),
]

QUERY = """
query ($id: ID!, $page: Int, $perPage: Int) {
  person(hmppsId: $id) {
    offences(page: $page, perPage: $perPage) {
      items { serviceSource systemSource cjsCode hoCode courtDates courtName description startDate endDate statuteCode }
      pagination { totalCount }
    }
  }
}
"""


def sentenced(pop: Population):
    return pick(pop, "prisoner with NOMIS sentences", lambda p: bool(p.nomis_sentences and p.prisoner_number))


CONTRACT_CASES: dict[str, dict[str, CaseBuilder]] = {
    NOMIS: {
        "convicted": lambda pop: Call(
            f"/api/bookings/offenderNo/{sentenced(pop).prisoner_number}/offenceHistory", 200, nonempty=True
        ),
        "unknown": lambda pop: Call(f"/api/bookings/offenderNo/{UNKNOWN_NOMS}/offenceHistory", 404),
    },
}


def both(population):
    return pick(
        population,
        "person with NOMIS sentences and Delius supervisions",
        lambda p: bool(p.nomis_sentences and p.supervisions),
    )


async def test_offences_from_both_systems_newest_first(graph, population, simulator):
    p = both(population)

    body = await query(graph, QUERY, id=p.crn, perPage=100)

    assert "errors" not in body, body
    rows = body["data"]["person"]["offences"]["items"]
    nomis = [r for r in rows if r["serviceSource"] == "NOMIS"]
    delius = [r for r in rows if r["serviceSource"] == "NDELIUS"]
    assert sorted(r["cjsCode"] for r in nomis) == sorted(s.offence[0] for s in p.nomis_sentences)
    assert sorted(r["hoCode"] for r in delius) == sorted(s.offence[0] for s in p.supervisions)
    assert {r["systemSource"] for r in nomis} == {"PRISON_SYSTEMS"} and {r["systemSource"] for r in delius} == {
        "PROBATION_SYSTEMS"
    }
    # As the Integration API maps Prison API's offence history: the latest court date, the range's end, no court.
    for sentence in p.nomis_sentences:
        row = next(r for r in nomis if r["cjsCode"] == sentence.offence[0])
        assert row["courtDates"] == [sentence.sentence_date.isoformat()]
        assert row["courtName"] is None and row["statuteCode"] == sentence.offence[0][:4]
        assert row["startDate"] == sentence.sentence_date.isoformat()
        ranged = sentence.sequence % 2 == 0
        assert row["endDate"] == ((sentence.sentence_date + timedelta(days=14)).isoformat() if ranged else None)
    supervision = p.supervisions[0]
    probation = next(r for r in delius if r["hoCode"] == supervision.offence[0])
    assert probation["courtDates"] == [supervision.date.isoformat()] and probation["courtName"]
    assert [r["startDate"] for r in rows] == sorted((r["startDate"] for r in rows), reverse=True)
    assert simulator.controls.endpoint_calls[NOMIS] == 1 and simulator.controls.endpoint_calls[DELIUS] == 1


async def test_with_sentences_each_read_is_made_once(graph, population, simulator):
    p = both(population)

    body = await query(
        graph,
        "query ($id: ID!) { person(hmppsId: $id) { sentences { items { description } } offences { items { description } } } }",
        id=p.crn,
    )

    assert "errors" not in body, body
    assert simulator.controls.endpoint_calls[NOMIS] == 1 and simulator.controls.endpoint_calls[SENTENCES] == 1
    assert simulator.controls.endpoint_calls[DELIUS] == 1  # shared by sentences and offences


async def test_probation_only_person_has_delius_offences_only(graph, population, simulator):
    p = pick(
        population, "probation-only person with supervisions", lambda p: not p.prisoner_number and bool(p.supervisions)
    )

    rows = (await query(graph, QUERY, id=p.crn, perPage=100))["data"]["person"]["offences"]["items"]

    assert rows and {r["serviceSource"] for r in rows} == {"NDELIUS"}
    assert simulator.controls.endpoint_calls[NOMIS] == 0


async def test_one_system_failing_nulls_the_field_naming_it(graph, population, simulator):
    p = both(population)
    simulator.controls.faults.append(FaultRule(target=DELIUS, type="status", status=503))

    body = await query(
        graph, "query ($id: ID!) { person(hmppsId: $id) { hmppsId offences { items { description } } } }", id=p.crn
    )

    assert body["data"]["person"] == {"hmppsId": p.crn, "offences": None}
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "upstream": "delius"}


@pytest.mark.parametrize(
    ("prisons", "statuses", "expected"),
    [
        (None, None, (True, True)),
        (frozenset({"MDI"}), None, (True, False)),  # a prisons filter: the prison record only
        (frozenset({"MDI"}), frozenset({"PROBATION"}), (True, False)),
        (None, frozenset({"PRISONS"}), (True, False)),
        (None, frozenset({"PROBATION"}), (False, True)),
        (None, frozenset({"PRISONS", "PROBATION"}), (True, True)),
    ],
)
def test_which_systems_a_consumer_reads_as_the_integration_api(prisons, statuses, expected):
    systems = record_systems(Filters(prisons=prisons, supervisionStatuses=statuses))
    assert (systems.prison, systems.probation) == expected


async def test_a_prison_filtered_consumer_reads_nomis_offences_only(as_consumer: AsConsumer, population, simulator):
    p = pick(
        population,
        "person in MDI or LEI with NOMIS sentences and Delius supervisions",
        lambda p: p.prison_id in {"MDI", "LEI"} and bool(p.nomis_sentences and p.supervisions),
    )
    calls_before = simulator.controls.endpoint_calls[DELIUS]

    body = await query(as_consumer("private-prison-operator"), QUERY, id=p.prisoner_number, perPage=100)

    assert "errors" not in body, body
    rows = body["data"]["person"]["offences"]["items"]
    assert rows and {r["serviceSource"] for r in rows} == {"NOMIS"}
    assert simulator.controls.endpoint_calls[DELIUS] == calls_before
