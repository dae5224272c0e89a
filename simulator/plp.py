"""PLP (education, skills and work): each prisoner's induction schedule and its history, and the review
schedule that follows a completed induction, derived from their reception (and release) dates."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from starlette.requests import Request
from starlette.routing import Route

from simulator.controls import Simulated, error_body, json_response, without_nulls
from simulator.population import Person, Population, stable_uuid

SERVICE = "plp"
INDUCTION_DAYS = 20  # an induction is due within 20 days of reception
PERFORMED_AFTER_DAYS = 10


def _at(day: date) -> str:
    return datetime.combine(day, time(10, 0)).isoformat() + "Z"


def _audit(created: date, updated: date, prison: str | None) -> dict:
    return {
        "createdBy": "CIAG1",
        "createdByDisplayName": "John Smith",
        "createdAt": _at(created),
        "createdAtPrison": prison,
        "updatedBy": "CIAG2",
        "updatedByDisplayName": "Fred Jones",
        "updatedAt": _at(updated),
        "updatedAtPrison": prison,
    }


def _performed_on(p: Person) -> date | None:
    received = p.reception_date
    return received + timedelta(days=PERFORMED_AFTER_DAYS) if received else None


def induction_history(p: Person, today: date) -> list[dict]:
    """Each version of the person's induction schedule, oldest first: scheduled on reception, completed ten
    days later (if that day has come), exempt on release if they were released before it was done."""
    if p.prisoner_number is None or p.reception_date is None:
        return []
    received, prison = p.reception_date, p.last_prison_id
    performed = _performed_on(p)
    rule = "NEW_PRISON_ADMISSION" if (today - received).days < 730 else "EXISTING_PRISONER"
    base = {
        "reference": stable_uuid("induction-schedule", p.prisoner_number),
        "prisonNumber": p.prisoner_number,
        "deadlineDate": (received + timedelta(days=INDUCTION_DAYS)).isoformat(),
        "scheduleCalculationRule": rule,
    }
    versions = [{**base, **_audit(received, received, prison), "scheduleStatus": "SCHEDULED", "version": 1}]
    released = p.release_date
    if released is not None and performed is not None and released <= performed:
        versions.append(
            {
                **base,
                **_audit(received, released, prison),
                "scheduleStatus": "EXEMPT_PRISONER_RELEASE",
                "exemptionReason": "EXEMPT_PRISONER_RELEASE",
                "version": 2,
            }
        )
    elif performed is not None and performed <= today:
        versions.append(
            {
                **base,
                **_audit(received, performed, prison),
                "scheduleStatus": "COMPLETED",
                "inductionPerformedBy": "Fred Jones",
                "inductionPerformedByRole": "CIAG",
                "inductionPerformedAt": performed.isoformat(),
                "inductionPerformedAtPrison": prison,
                "version": 2,
            }
        )
    return [without_nulls(v) for v in versions]


def review_schedules(p: Person, today: date) -> list[dict]:
    """After a completed induction, a review due 90 to 120 days later: every version, oldest first."""
    history = induction_history(p, today)
    if not history or history[-1]["scheduleStatus"] != "COMPLETED":
        return []
    performed = date.fromisoformat(history[-1]["inductionPerformedAt"])
    start, end, prison = performed + timedelta(days=90), performed + timedelta(days=120), p.last_prison_id
    base = {
        "reference": stable_uuid("review-schedule", p.prisoner_number),
        "reviewDateFrom": start.isoformat(),
        "reviewDateTo": end.isoformat(),
        "calculationRule": "BETWEEN_12_AND_60_MONTHS_TO_SERVE",
        "reviewType": "REVIEW",
    }
    versions = [{**base, **_audit(performed, performed, prison), "status": "SCHEDULED", "version": 1}]
    done = start + timedelta(days=7)
    if done <= today and (p.release_date is None or done < p.release_date):
        versions.append({**base, **_audit(performed, done, prison), "status": "COMPLETED", "version": 2})
    return [without_nulls(v) for v in versions]


def completed_reviews(p: Person, today: date) -> list[dict]:
    """The review done for each COMPLETED review schedule version, done the day before it was recorded:
    conducted by a peer mentor for even indexes; for odd ones PLP records no conductor (the Integration
    API then names whoever recorded it, as a CIAG). The last before release for every third released person."""
    reviews = []
    for v in review_schedules(p, today):
        if v["status"] != "COMPLETED":
            continue
        recorded = date.fromisoformat(v["updatedAt"][:10])
        audit = _audit(recorded, recorded, p.last_prison_id)
        review = {
            "reference": stable_uuid("review", p.prisoner_number, v["reference"]),
            "deadlineDate": v["reviewDateTo"],
            "completedDate": (recorded - timedelta(days=1)).isoformat(),
            "note": without_nulls(
                {
                    "reference": stable_uuid("review-note", p.prisoner_number, v["reference"]),
                    "content": "Reviewed the plan with the prisoner; goals on track.",
                    "type": "REVIEW",
                    **audit,
                }
            ),
            "preRelease": p.release_date is not None and p.index % 3 == 0,
            "reviewScheduleReference": v["reference"],
            **audit,
        }
        if p.index % 2 == 0:
            review |= {"conductedBy": "Sam Patel", "conductedByRole": "Peer Mentor"}
        reviews.append(without_nulls(review))
    return reviews


def routes(pop: Population, sim: Simulated) -> list[Route]:
    def person(request: Request) -> Person | None:
        return pop.by_prisoner_number.get(request.path_params["prisonNumber"])

    async def induction_schedule(request: Request):
        p = person(request)
        history = induction_history(p, pop.today) if p else []
        if not history:
            return error_body(404, f"Induction schedule not found for prisoner [{request.path_params['prisonNumber']}]")
        return json_response(history[-1])

    async def induction_schedule_history(request: Request):
        p = person(request)
        return json_response({"inductionSchedules": induction_history(p, pop.today) if p else []})

    async def reviews(request: Request):
        p = person(request)
        return json_response({"reviewSchedules": review_schedules(p, pop.today) if p else []})

    async def completed(request: Request):
        p = person(request)
        schedules = review_schedules(p, pop.today) if p else []
        if p is None or not schedules:
            return error_body(404, f"Review schedule not found for prisoner [{request.path_params['prisonNumber']}]")
        return json_response(
            {"latestReviewSchedule": schedules[-1], "completedReviews": completed_reviews(p, pop.today)}
        )

    return [
        sim.endpoint(SERVICE, "GET", "/inductions/{prisonNumber}/induction-schedule", induction_schedule),
        sim.endpoint(
            SERVICE, "GET", "/inductions/{prisonNumber}/induction-schedule/history", induction_schedule_history
        ),
        sim.endpoint(SERVICE, "GET", "/action-plans/{prisonNumber}/reviews/review-schedules", reviews),
        sim.endpoint(SERVICE, "GET", "/action-plans/{prisonNumber}/reviews", completed),
    ]
