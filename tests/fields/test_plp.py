"""Person.plp: resolvers/plp.py -> loaders.induction_schedule_by_prisoner_number,
induction_schedule_history_by_prisoner_number, review_schedules_by_prisoner_number -> upstream/plp.py ->
simulator/plp.py. Their client and contract rows too."""

from __future__ import annotations

from datetime import date

from simulator.controls import FaultRule
from simulator.plp import completed_reviews, induction_history, review_schedules
from simulator.population import Person, Population
from tests.cases import UNKNOWN_NOMS, Call, Case, CaseBuilder, pick
from tests.conftest import query
from upstream.plp import PlpClient

INDUCTION = "plp GET /inductions/{prisonNumber}/induction-schedule"
HISTORY = "plp GET /inductions/{prisonNumber}/induction-schedule/history"
REVIEWS = "plp GET /action-plans/{prisonNumber}/reviews/review-schedules"
COMPLETED_REVIEWS = "plp GET /action-plans/{prisonNumber}/reviews"

SCHEDULE = {
    "reference": "814ade0a-a3b2-46a3-862f-79211ba13f7b",
    "prisonNumber": "A1234BC",
    "deadlineDate": "2023-09-01",
    "scheduleCalculationRule": "NEW_PRISON_ADMISSION",
    "scheduleStatus": "COMPLETED",
    "createdBy": "asmith_gen",
    "createdByDisplayName": "Alex Smith",
    "createdAt": "2023-06-19T09:39:44Z",
    "createdAtPrison": "BXI",
    "updatedBy": "fjones",
    "updatedByDisplayName": "Fred Jones",
    "updatedAt": "2023-06-30T09:39:44Z",
    "updatedAtPrison": "BXI",
    "inductionPerformedBy": "Fred Jones",
    "inductionPerformedAt": "2023-06-30",
    "version": 2,
}
REVIEW = {
    "reference": "c88a6c48-97e2-4c04-93b5-98619966447b",
    "reviewDateFrom": "2023-10-01",
    "reviewDateTo": "2023-11-01",
    "status": "SCHEDULED",
    "calculationRule": "BETWEEN_12_AND_60_MONTHS_TO_SERVE",
    "reviewType": "REVIEW",
    "createdBy": "asmith_gen",
    "createdByDisplayName": "Alex Smith",
    "createdAt": "2023-06-30T09:39:44Z",
    "createdAtPrison": "BXI",
    "updatedBy": "asmith_gen",
    "updatedByDisplayName": "Alex Smith",
    "updatedAt": "2023-06-30T09:39:44Z",
    "updatedAtPrison": "BXI",
    "version": 1,
}

CLIENT_CASES = [
    Case(
        "plp.induction_schedule",
        PlpClient,
        "plp",
        lambda c: c.induction_schedule("A1234BC"),
        "GET",
        "/inductions/A1234BC/induction-schedule",
        SCHEDULE,
        lambda r: (r.scheduleStatus, r.deadlineDate, r.inductionPerformedAt, r.version),
        ("COMPLETED", date(2023, 9, 1), date(2023, 6, 30), 2),
        on_404=None,
        wrong_shape={"scheduleStatus": "COMPLETED"},
    ),
    Case(
        "plp.induction_schedule_history",
        PlpClient,
        "plp",
        lambda c: c.induction_schedule_history("A1234BC"),
        "GET",
        "/inductions/A1234BC/induction-schedule/history",
        {"inductionSchedules": [{**SCHEDULE, "scheduleStatus": "SCHEDULED", "version": 1}, SCHEDULE]},
        lambda r: [(s.scheduleStatus, s.version) for s in r.inductionSchedules],
        [("SCHEDULED", 1), ("COMPLETED", 2)],
        on_404=None,
        wrong_shape={"inductionSchedules": [{"scheduleStatus": "SCHEDULED"}]},
    ),
    Case(
        "plp.review_schedules",
        PlpClient,
        "plp",
        lambda c: c.review_schedules("A1234BC"),
        "GET",
        "/action-plans/A1234BC/reviews/review-schedules",
        {"reviewSchedules": [REVIEW]},
        lambda r: [(s.reference, s.status, s.reviewDateTo) for s in r.reviewSchedules],
        [("c88a6c48-97e2-4c04-93b5-98619966447b", "SCHEDULED", date(2023, 11, 1))],
        on_404=None,
        wrong_shape={"reviewSchedules": {"status": "SCHEDULED"}},
    ),
    Case(
        "plp.reviews",
        PlpClient,
        "plp",
        lambda c: c.reviews("A1234BC"),
        "GET",
        "/action-plans/A1234BC/reviews",
        {
            "latestReviewSchedule": {**REVIEW, "status": "COMPLETED", "version": 2},
            "completedReviews": [
                {
                    "reference": "0f1c1ad2-1c36-4b1c-9a55-0e6c6c2b3a11",
                    "deadlineDate": "2023-11-01",
                    "completedDate": "2023-10-20",
                    "note": {"content": "On track", "type": "REVIEW"},
                    "createdBy": "fjones",
                    "createdByDisplayName": "Fred Jones",
                    "createdAt": "2023-10-21T09:00:00Z",
                    "createdAtPrison": "BXI",
                    "preRelease": False,
                    "reviewScheduleReference": REVIEW["reference"],
                    "updatedByDisplayName": "Fred Jones",
                    "conductedBy": "Sam Patel",
                    "conductedByRole": "Peer Mentor",
                }
            ],
        },
        lambda r: [
            (c.reviewScheduleReference, c.completedDate, c.preRelease, c.conductedBy) for c in r.completedReviews
        ],
        [(REVIEW["reference"], date(2023, 10, 20), False, "Sam Patel")],
        on_404=None,
        wrong_shape={"completedReviews": [{"preRelease": "no"}]},
    ),
]


def reviewed(pop: Population) -> Person:
    return pick(
        pop,
        "prisoner whose induction and first review are done",
        lambda p: p.in_prison and any(r["status"] == "COMPLETED" for r in review_schedules(p, pop.today)),
    )


def reviewed_by_a_peer_mentor(pop: Population) -> Person:
    return pick(
        pop,
        "prisoner whose review a peer mentor did",
        lambda p: (
            any(r["status"] == "COMPLETED" for r in review_schedules(p, pop.today))
            and any(r.get("conductedByRole") == "Peer Mentor" for r in completed_reviews(p, pop.today))
        ),
    )


def reviewed_with_no_conductor(pop: Population) -> Person:
    return pick(
        pop,
        "prisoner whose review is done, PLP naming no one who conducted it",
        lambda p: (
            any(r["status"] == "COMPLETED" for r in review_schedules(p, pop.today))
            and any("conductedBy" not in r for r in completed_reviews(p, pop.today))
        ),
    )


def released_before_induction(pop: Population) -> Person:
    return pick(
        pop,
        "person released before their induction",
        lambda p: (h := induction_history(p, pop.today)) != [] and h[-1]["scheduleStatus"] == "EXEMPT_PRISONER_RELEASE",
    )


CONTRACT_CASES: dict[str, dict[str, CaseBuilder]] = {
    INDUCTION: {
        "known": lambda pop: Call(
            f"/inductions/{reviewed(pop).prisoner_number}/induction-schedule", 200, nonempty=True
        ),
        "unknown": lambda pop: Call(f"/inductions/{UNKNOWN_NOMS}/induction-schedule", 404),
    },
    HISTORY: {
        "known": lambda pop: Call(
            f"/inductions/{reviewed(pop).prisoner_number}/induction-schedule/history", 200, nonempty=True
        ),
        "unknown": lambda pop: Call(f"/inductions/{UNKNOWN_NOMS}/induction-schedule/history", 200),
    },
    REVIEWS: {
        "known": lambda pop: Call(
            f"/action-plans/{reviewed(pop).prisoner_number}/reviews/review-schedules", 200, nonempty=True
        ),
        "unknown": lambda pop: Call(f"/action-plans/{UNKNOWN_NOMS}/reviews/review-schedules", 200),
    },
    COMPLETED_REVIEWS: {
        "reviewed": lambda pop: Call(f"/action-plans/{reviewed(pop).prisoner_number}/reviews", 200, nonempty=True),
        "no conductor": lambda pop: Call(
            f"/action-plans/{reviewed_with_no_conductor(pop).prisoner_number}/reviews", 200, nonempty=True
        ),
        "unknown": lambda pop: Call(f"/action-plans/{UNKNOWN_NOMS}/reviews", 404),
    },
}

QUERY = """
query ($id: ID!, $statuses: [String!]) {
  person(hmppsId: $id) {
    plp {
      inductionSchedule { status deadlineDate calculationRule nomisNumber inductionPerformedAt systemCreatedBy version }
      inductionScheduleHistory { status version }
      reviewSchedules(statuses: $statuses) { reference status reviewDateFrom reviewDateTo version nomisNumber }
    }
  }
}
"""


async def test_induction_its_history_and_reviews(graph, population, simulator):
    p = reviewed(population)

    body = await query(graph, QUERY, id=p.prisoner_number)

    assert "errors" not in body, body
    plp = body["data"]["person"]["plp"]
    history = induction_history(p, population.today)
    assert (
        plp["inductionSchedule"]["status"] == "COMPLETED"
        and plp["inductionSchedule"]["nomisNumber"] == p.prisoner_number
    )
    assert plp["inductionSchedule"]["inductionPerformedAt"] == history[-1]["inductionPerformedAt"]
    assert plp["inductionSchedule"]["systemCreatedBy"] == "John Smith"
    assert [(h["status"], h["version"]) for h in plp["inductionScheduleHistory"]] == [
        ("SCHEDULED", 1),
        ("COMPLETED", 2),
    ]
    assert [(r["status"], r["version"]) for r in plp["reviewSchedules"]] == [("SCHEDULED", 1), ("COMPLETED", 2)]
    assert len({r["reference"] for r in plp["reviewSchedules"]}) == 1
    assert plp["reviewSchedules"][0]["reviewDateFrom"] > plp["inductionSchedule"]["inductionPerformedAt"]
    for endpoint in (INDUCTION, HISTORY, REVIEWS):
        assert simulator.controls.endpoint_calls[endpoint] == 1
    assert simulator.controls.endpoint_calls[COMPLETED_REVIEWS] == 0  # no completion field selected


COMPLETION = """
query ($id: ID!) {
  person(hmppsId: $id) {
    plp {
      reviewSchedules {
        status calculationRule reviewType reviewCompletedBy reviewCompletedByRole reviewCompletedAt reviewReason
      }
    }
  }
}
"""


async def test_a_completed_review_says_who_did_it_when_and_why_as_the_integration_api(graph, population, simulator):
    conducted = reviewed_by_a_peer_mentor(population)
    unnamed = reviewed_with_no_conductor(population)

    for p in (conducted, unnamed):
        body = await query(graph, COMPLETION, id=p.prisoner_number)

        assert "errors" not in body, body
        scheduled, completed = body["data"]["person"]["plp"]["reviewSchedules"]
        # A version not completed keeps PLP's reviewType and has no completion.
        assert scheduled == {
            "status": "SCHEDULED",
            "calculationRule": "BETWEEN_12_AND_60_MONTHS_TO_SERVE",
            "reviewType": "REVIEW",
            "reviewCompletedBy": None,
            "reviewCompletedByRole": None,
            "reviewCompletedAt": None,
            "reviewReason": None,
        }
        [review] = completed_reviews(p, population.today)
        assert completed["reviewCompletedAt"] == review["completedDate"]
        assert completed["reviewType"] == ("PRE_RELEASE" if review["preRelease"] else "REGULAR")
        assert completed["reviewReason"] == "REGULAR"  # BETWEEN_12_AND_60_MONTHS_TO_SERVE
        if p is conducted:
            assert (completed["reviewCompletedBy"], completed["reviewCompletedByRole"]) == ("Sam Patel", "Peer Mentor")
    # No conductor recorded: whoever recorded it, as a CIAG (the Integration API's fallback).
    assert (completed["reviewCompletedBy"], completed["reviewCompletedByRole"]) == ("Fred Jones", "CIAG")
    assert simulator.controls.endpoint_calls[COMPLETED_REVIEWS] == 2  # once per person, not per field


async def test_statuses_filter_review_versions(graph, population):
    p = reviewed(population)

    body = await query(graph, QUERY, id=p.prisoner_number, statuses=["completed"])

    assert [r["status"] for r in body["data"]["person"]["plp"]["reviewSchedules"]] == ["COMPLETED"]


async def test_released_before_induction_is_exempt(graph, population):
    p = released_before_induction(population)

    plp = (await query(graph, QUERY, id=p.prisoner_number))["data"]["person"]["plp"]

    assert plp["inductionSchedule"]["status"] == "EXEMPT_PRISONER_RELEASE"
    assert plp["reviewSchedules"] == []


async def test_probation_only_person_has_nothing_and_asks_nothing(graph, population, simulator):
    p = pick(population, "probation-only person", lambda p: p.prisoner_number is None)

    plp = (await query(graph, QUERY, id=p.crn))["data"]["person"]["plp"]

    assert plp == {"inductionSchedule": None, "inductionScheduleHistory": [], "reviewSchedules": []}
    assert sum(simulator.controls.endpoint_calls[e] for e in (INDUCTION, HISTORY, REVIEWS)) == 0


async def test_plp_failure_nulls_only_its_fields(graph, population, simulator):
    p = reviewed(population)
    simulator.controls.faults.append(FaultRule(target=REVIEWS, type="status", status=503))

    body = await query(graph, QUERY, id=p.prisoner_number)

    plp = body["data"]["person"]["plp"]
    assert plp["reviewSchedules"] is None and plp["inductionSchedule"]["status"] == "COMPLETED"
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "upstream": "plp"}
