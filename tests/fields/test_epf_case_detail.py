"""Person.epfCaseDetail(eventNumber): resolvers/epf.py -> loaders.case_details_by_crn_event ->
upstream/delius.py case_details -> simulator/delius.py. Its client and contract rows too."""

from __future__ import annotations

from datetime import date

from simulator.controls import FaultRule
from simulator.delius import case_details_json
from simulator.population import Person, Population
from tests.cases import UNKNOWN_CRN, Call, Case, CaseBuilder, pick
from tests.conftest import query
from upstream.delius import DeliusClient

ENDPOINT = "delius GET /case-details/{crn}/{eventNumber}"

CLIENT_CASES = [
    Case(
        "delius.case_details",
        DeliusClient,
        "delius",
        lambda c: c.case_details("X123456", 2),
        "GET",
        "/case-details/X123456/2",
        {
            "nomsId": "A1234BC",
            "name": {"forename": "Oscar", "surname": "Davies"},
            "dateOfBirth": "1980-02-03",
            "gender": "Male",
            "courtAppearance": {"date": "2023-01-15", "court": {"name": "Sheffield Magistrates Court"}},
            "sentence": {"expectedReleaseDate": "2025-01-15"},
            "responsibleProvider": {"code": "N07", "name": "London"},
            "ogrsScore": 42,
            "rsrScore": 3.45,
            "limitedAccess": {"excludedFrom": [], "restrictedTo": []},
            "age": 45,
        },
        lambda r: (r.nomsId, r.courtAppearance.court.name, r.sentence.expectedReleaseDate, r.ogrsScore, r.rsrScore),
        ("A1234BC", "Sheffield Magistrates Court", date(2025, 1, 15), 42, 3.45),
        on_404=None,
        wrong_shape={"name": "Oscar Davies"},
    ),
]


def released_on_licence(pop: Population) -> Person:
    return pick(
        pop,
        "released person with a custodial supervision and OASys",
        lambda p: (
            p.prison_id == "OUT"
            and bool(p.predictors)
            and any(s.custodial for s in p.supervisions)
            and not (p.restricted or p.excluded)
        ),
    )


def custodial_event(p: Person) -> int:
    return next(s.number for s in p.supervisions if s.custodial)


CONTRACT_CASES: dict[str, dict[str, CaseBuilder]] = {
    ENDPOINT: {
        "known": lambda pop: Call(
            f"/case-details/{released_on_licence(pop).crn}/{custodial_event(released_on_licence(pop))}",
            200,
            nonempty=True,
        ),
        "unknown event": lambda pop: Call(f"/case-details/{released_on_licence(pop).crn}/999", 404),
        "unknown crn": lambda pop: Call(f"/case-details/{UNKNOWN_CRN}/1", 404),
    },
}

QUERY = """
query ($id: ID!, $event: Int!) {
  person(hmppsId: $id) {
    epfCaseDetail(eventNumber: $event) {
      nomsId name { forename middleName surname } dateOfBirth gender
      courtAppearance { date court { name } }
      sentence { date sentencingCourt { name } releaseDate expectedReleaseDate }
      responsibleProvider { code name }
      ogrsScore rsrScore age ageAtRelease
    }
  }
}
"""


async def test_the_event_as_delius_holds_it(graph, population, simulator):
    p = released_on_licence(population)
    event = custodial_event(p)

    body = await query(graph, QUERY, id=p.crn, event=event)

    assert "errors" not in body, body
    detail = body["data"]["person"]["epfCaseDetail"]
    expected = case_details_json(p, event, population.today)
    assert expected is not None
    assert detail["nomsId"] == p.prisoner_number and detail["name"]["surname"] == p.last_name
    assert detail["sentence"]["releaseDate"] == p.release_date.isoformat()
    assert detail["courtAppearance"] == expected["courtAppearance"]
    assert detail["ogrsScore"] == p.predictors[0]["groupReconvictionScore"]["twoYears"]
    assert detail["rsrScore"] == p.predictors[0]["riskOfSeriousRecidivismScore"]["percentageScore"]
    assert detail["ageAtRelease"] == expected["ageAtRelease"] and detail["age"] >= detail["ageAtRelease"]
    assert simulator.controls.endpoint_calls[ENDPOINT] == 1


async def test_unknown_event_is_null_and_bad_numbers_are_refused(graph, population, simulator):
    p = released_on_licence(population)

    unknown = await query(graph, QUERY, id=p.crn, event=999)
    for bad in (0, -1):
        refused = await query(graph, QUERY, id=p.crn, event=bad)
        assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", refused

    assert unknown == {"data": {"person": {"epfCaseDetail": None}}}
    assert simulator.controls.endpoint_calls[ENDPOINT] == 1


async def test_prison_only_person_is_null_and_asks_nothing(graph, population, simulator):
    p = pick(population, "prison-only person", lambda p: p.crn is None and bool(p.prisoner_number))

    body = await query(graph, QUERY, id=p.prisoner_number, event=1)

    assert body == {"data": {"person": {"epfCaseDetail": None}}}
    assert simulator.controls.endpoint_calls[ENDPOINT] == 0


async def test_limited_access_is_rejected(graph, population):
    p = pick(population, "restricted person on probation", lambda p: p.restricted and bool(p.supervisions))

    body = await query(graph, QUERY, id=p.crn, event=p.supervisions[0].number)

    assert body["data"]["person"]["epfCaseDetail"] is None
    assert body["errors"][0]["extensions"] == {"code": "FORBIDDEN", "reason": "LIMITED_ACCESS"}


async def test_delius_failure_nulls_only_this_field(graph, population, simulator):
    p = released_on_licence(population)
    simulator.controls.faults.append(FaultRule(target=ENDPOINT, type="status", status=503))

    body = await query(
        graph,
        "query ($id: ID!, $e: Int!) { person(hmppsId: $id) { hmppsId epfCaseDetail(eventNumber: $e) { age } } }",
        id=p.crn,
        e=custodial_event(p),
    )

    assert body["data"]["person"] == {"hmppsId": p.crn, "epfCaseDetail": None}
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "upstream": "delius"}
