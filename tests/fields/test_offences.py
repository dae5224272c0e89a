"""Person.offences: resolvers/offences.py -> loaders.sentences_by_booking_id (Prison API sentences-and-offences)
and loaders.supervisions_by_crn (Delius supervisions), whose client and contract rows are those endpoints' own."""

from __future__ import annotations

from simulator.controls import FaultRule
from tests.cases import pick
from tests.conftest import query

NOMIS = "prison-api GET /api/offender-sentences/booking/{bookingId}/sentences-and-offences"
DELIUS = "delius GET /case/{crn}/supervisions"

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
    sentence = p.nomis_sentences[0]
    first = next(r for r in nomis if r["cjsCode"] == sentence.offence[0])
    assert first["courtDates"] == [sentence.sentence_date.isoformat()]
    assert first["courtName"] == "Sheffield Crown Court" and first["statuteCode"] == sentence.offence[0][:4]
    supervision = p.supervisions[0]
    probation = next(r for r in delius if r["hoCode"] == supervision.offence[0])
    assert probation["courtDates"] == [supervision.date.isoformat()] and probation["courtName"]
    assert [r["startDate"] for r in rows] == sorted((r["startDate"] for r in rows), reverse=True)
    assert simulator.controls.endpoint_calls[NOMIS] == 1 and simulator.controls.endpoint_calls[DELIUS] == 1


async def test_with_sentences_the_same_reads_serve_both(graph, population, simulator):
    p = both(population)

    body = await query(
        graph,
        "query ($id: ID!) { person(hmppsId: $id) { sentences { items { description } } offences { items { description } } } }",
        id=p.crn,
    )

    assert "errors" not in body, body
    assert simulator.controls.endpoint_calls[NOMIS] == 1 and simulator.controls.endpoint_calls[DELIUS] == 1


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
