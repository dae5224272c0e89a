"""Person.protectedCharacteristics { reasonableAdjustments }: resolvers/reasonable_adjustments.py ->
loaders.reference_codes_by_domain (HEALTH_TREAT) then loaders.reasonable_adjustments_by_booking_types -> Prison
API GET /api/bookings/{bookingId}/reasonable-adjustments, as the Integration API reads them. Its client and
contract rows too. (The other protected characteristics: tests/integration/test_person.py.)"""

from __future__ import annotations

from datetime import date, timedelta

from simulator.controls import FaultRule
from simulator.population import Person, Population
from tests.cases import UNKNOWN_BOOKING_ID, Call, Case, CaseBuilder, pick
from tests.conftest import query
from upstream.prison_api import PrisonApiClient

ENDPOINT = "prison-api GET /api/bookings/{bookingId}/reasonable-adjustments"
DOMAINS = "prison-api GET /api/reference-domains/domains/{domain}/codes"

CLIENT_CASES = [
    Case(
        "prison_api.reasonable_adjustments",
        PrisonApiClient,
        "prison-api",
        lambda c: c.reasonable_adjustments(1200924, ("WHEELCHR_ACC",)),
        "GET",
        "/api/bookings/1200924/reasonable-adjustments",
        {
            "reasonableAdjustments": [
                {
                    "treatmentCode": "WHEELCHR_ACC",
                    "commentText": "Ground floor cell",
                    "startDate": "2023-05-01",
                    "agencyId": "MDI",
                    "treatmentDescription": "Wheelchair accessibility",
                    "personalCareNeedId": 1,
                }
            ]
        },
        lambda r: [(a.treatmentCode, a.startDate, a.endDate, a.treatmentDescription) for a in r],
        [("WHEELCHR_ACC", date(2023, 5, 1), None, "Wheelchair accessibility")],
        on_404=None,
        wrong_shape=[{"treatmentCode": "WHEELCHR_ACC"}],  # a bare list, not the wrapper
        params={"type": "WHEELCHR_ACC"},  # one type a parameter: `type=A&type=B` for several
    ),
]


def with_two_adjustments(pop: Population) -> Person:
    # The simulator derives them from the index (simulator/prison_api.py reasonable_adjustments_json).
    return pick(
        pop,
        "prisoner with two adjustments, one ended",
        lambda p: (
            bool(p.booking_id and p.crn) and p.index % 9 == 3 and p.index % 2 == 1 and not (p.restricted or p.excluded)
        ),
    )


CONTRACT_CASES: dict[str, dict[str, CaseBuilder]] = {
    ENDPOINT: {
        "two": lambda pop: Call(
            f"/api/bookings/{with_two_adjustments(pop).booking_id}/reasonable-adjustments",
            200,
            params={"type": ["PEEP", "WHEELCHR_ACC"]},
            nonempty=True,
        ),
        "unknown": lambda pop: Call(
            f"/api/bookings/{UNKNOWN_BOOKING_ID}/reasonable-adjustments", 404, params={"type": ["PEEP"]}
        ),
    },
}

QUERY = """query ($id: ID!) { person(hmppsId: $id) { protectedCharacteristics {
  maritalStatus reasonableAdjustments { treatmentCode commentText startDate endDate treatmentDescription } } } }"""


async def test_reasonable_adjustments_of_every_treatment_type(graph, population, simulator):
    p = with_two_adjustments(population)
    assert p.reception_date is not None
    start = p.reception_date.isoformat()

    body = await query(graph, QUERY, id=p.crn)

    assert "errors" not in body, body
    assert body["data"]["person"]["protectedCharacteristics"]["reasonableAdjustments"] == [
        {
            "treatmentCode": "WHEELCHR_ACC",
            "commentText": "Ramp access",
            "startDate": start,
            "endDate": None,
            "treatmentDescription": "Wheelchair accessibility",
        },
        {
            "treatmentCode": "PEEP",
            "commentText": None,
            "startDate": start,
            "endDate": (p.reception_date + timedelta(days=90)).isoformat(),
            "treatmentDescription": "Personal Emergency Evacuation Plan",
        },
    ]
    assert simulator.controls.endpoint_calls[ENDPOINT] == 1


async def test_not_selected_costs_nothing(graph, population, simulator):
    p = with_two_adjustments(population)

    body = await query(
        graph, "query ($id: ID!) { person(hmppsId: $id) { protectedCharacteristics { age } } }", id=p.crn
    )

    assert "errors" not in body, body
    assert simulator.controls.endpoint_calls[ENDPOINT] == 0 and simulator.controls.endpoint_calls[DOMAINS] == 0


async def test_probation_only_person_has_none_and_nomis_is_not_asked(graph, population, simulator):
    p = pick(
        population, "probation only", lambda p: p.crn and not p.prisoner_number and not (p.restricted or p.excluded)
    )

    body = await query(graph, QUERY, id=p.crn)

    assert body["data"]["person"]["protectedCharacteristics"]["reasonableAdjustments"] == []
    assert simulator.controls.endpoint_calls[ENDPOINT] == 0


async def test_upstream_failure_nulls_only_the_adjustments(graph, population, simulator):
    p = with_two_adjustments(population)
    simulator.controls.faults.append(FaultRule(target=ENDPOINT, type="status", status=503))

    body = await query(graph, QUERY, id=p.crn)

    assert body["data"]["person"]["protectedCharacteristics"]["maritalStatus"]
    assert body["data"]["person"]["protectedCharacteristics"]["reasonableAdjustments"] is None
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "upstream": "prison-api"}
