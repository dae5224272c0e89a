"""Interventions (Commissioned Rehabilitative Services, hmpps-interventions-service): referrals of people on
probation to commissioned services, with their action plans, delivery sessions and end-of-service reports.

The service publishes no OpenAPI document to the project: these routes follow the service's own resource
names (sent referrals, interventions, action plans, sessions, end-of-service reports) and the tables of
shared/seeds/interventions-database.md; specs/upstream/interventions.json describes them (our document).
Referrals are derived from each person on probation so they agree with the rest of the population.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from starlette.requests import Request
from starlette.routing import Route

from simulator.controls import Simulated, error_body, json_response, without_nulls
from simulator.population import Person, Population, stable_uuid

SERVICE = "interventions"

# The catalogue: interventions with their provider and service categories (complexity levels and desired
# outcomes are the service's reference data for each category).
CATEGORIES = {
    "428ee70f-3001-4399-95a6-ad25eaaede16": (
        "Accommodation",
        [
            ("LOW", "Low complexity", "Person has some capacity and means to secure accommodation."),
            ("HIGH", "High complexity", "Person is homeless or at risk of homelessness."),
        ],
        [
            "Service user makes progress in obtaining accommodation.",
            "Service user is helped to secure social or supported housing.",
        ],
    ),
    "8221a81c-08b2-4262-9c1a-0ab3c82cec8c": (
        "Emotional Wellbeing",
        [("MEDIUM", "Medium complexity", "Person needs support to manage their emotions.")],
        [
            "Service user develops strategies to manage stress.",
            "Service user is better able to access support networks.",
        ],
    ),
    "b84f4eb7-4db0-477e-8c59-21027b3262c5": (
        "Personal Wellbeing",
        [("LOW", "Low complexity", "Person needs light-touch support.")],
        ["Service user develops the skills to live independently."],
    ),
}
INTERVENTIONS = [
    (
        "98a42c61-c30f-4beb-8062-04033c376e2d",
        "Accommodation Services - West Midlands",
        ("HARMONY_LIVING", "Harmony Living"),
        ["428ee70f-3001-4399-95a6-ad25eaaede16"],
    ),
    (
        "15237ae5-a017-4de6-a033-abf350f14d99",
        "Personal Wellbeing - North West",
        ("HOME_TRUST", "Home Trust"),
        ["8221a81c-08b2-4262-9c1a-0ab3c82cec8c", "b84f4eb7-4db0-477e-8c59-21027b3262c5"],
    ),
]
ACHIEVEMENT = ["ACHIEVED", "PARTIALLY_ACHIEVED", "NOT_ACHIEVED"]


def _uuid(*parts: object) -> str:
    return stable_uuid("interventions", *parts)


def _at(day: date, hour: int = 10) -> str:
    return datetime.combine(day, time(hour, 0)).isoformat() + "Z"


def complexity_level_id(category_id: str, code: str) -> str:
    return _uuid("complexity", category_id, code)


def desired_outcome_id(category_id: str, n: int) -> str:
    return _uuid("outcome", category_id, n)


def intervention_json(intervention_id: str) -> dict | None:
    found = next((i for i in INTERVENTIONS if i[0] == intervention_id), None)
    if found is None:
        return None
    _, title, (provider_id, provider_name), category_ids = found
    return {
        "id": intervention_id,
        "title": title,
        "description": f"{title}: support commissioned by the Probation Service.",
        "serviceProvider": {"id": provider_id, "name": provider_name},
        "serviceCategories": [
            {
                "id": category_id,
                "name": CATEGORIES[category_id][0],
                "complexityLevels": [
                    {"id": complexity_level_id(category_id, code), "title": title, "description": description}
                    for code, title, description in CATEGORIES[category_id][1]
                ],
                "desiredOutcomes": [
                    {"id": desired_outcome_id(category_id, n), "description": text}
                    for n, text in enumerate(CATEGORIES[category_id][2])
                ],
            }
            for category_id in category_ids
        ],
    }


def referrals_of(p: Person, today: date) -> list[dict]:
    """One referral for one person on probation in six with an active supervision: sent soon after the
    supervision began; concluded with an end-of-service report when its sessions are over."""
    active = next((s for s in p.supervisions if s.active), None)
    if p.crn is None or active is None or p.index % 6 != 0:
        return []
    intervention_id, _, _, category_ids = INTERVENTIONS[p.index // 6 % len(INTERVENTIONS)]
    referral_id = _uuid("referral", p.crn, 0)
    sent = max(active.date, today - timedelta(days=400)) + timedelta(days=14)
    if sent > today:
        return []
    sessions = 2 + p.index % 3
    last_session = sent + timedelta(days=21 + 7 * (sessions - 1))
    concluded = last_session + timedelta(days=10) if last_session + timedelta(days=10) <= today else None
    outcomes = [{"serviceCategoryId": c, "desiredOutcomesIds": [desired_outcome_id(c, 0)]} for c in category_ids]
    report = None
    if concluded is not None:
        report = {
            "id": _uuid("end-of-service-report", referral_id),
            "submittedAt": _at(concluded),
            "furtherInformation": "Engaged well throughout.",
            "outcomes": [
                {
                    "desiredOutcome": {"id": desired_outcome_id(c, 0), "description": CATEGORIES[c][2][0]},
                    "achievementLevel": ACHIEVEMENT[(p.index + n) % len(ACHIEVEMENT)],
                    "progressionComments": "Made steady progress.",
                    "additionalTaskComments": "Continue with the probation practitioner.",
                }
                for n, c in enumerate(category_ids)
            ],
        }
    return [
        without_nulls(
            {
                "id": referral_id,
                "referenceNumber": f"{p.crn[:2]}{p.index:04d}AC",
                "sentAt": _at(sent),
                "concludedAt": _at(concluded) if concluded else None,
                "referral": {
                    "serviceUser": {"crn": p.crn, "firstName": p.first_name, "lastName": p.last_name},
                    "interventionId": intervention_id,
                    "serviceCategoryIds": category_ids,
                    "complexityLevels": [
                        {"serviceCategoryId": c, "complexityLevelId": complexity_level_id(c, CATEGORIES[c][1][0][0])}
                        for c in category_ids
                    ],
                    "desiredOutcomes": outcomes,
                },
                "actionPlanId": _uuid("action-plan", referral_id),
                "endOfServiceReport": report,
            }
        )
    ]


def _referral_by_id(pop: Population, referral_id: str) -> tuple[Person, dict] | None:
    for p in pop.people:
        if p.crn and p.index % 6 == 0:
            for r in referrals_of(p, pop.today):
                if r["id"] == referral_id:
                    return p, r
    return None


def action_plan_json(p: Person, referral: dict) -> dict:
    sent = datetime.fromisoformat(referral["sentAt"]).date()
    return {
        "id": referral["actionPlanId"],
        "referralId": referral["id"],
        "numberOfSessions": 2 + p.index % 3,
        "activities": [
            {
                "id": _uuid("activity", referral["id"], 0),
                "description": "Attend housing advice sessions.",
                "createdAt": _at(sent + timedelta(days=7)),
            },
            {
                "id": _uuid("activity", referral["id"], 1),
                "description": "Complete a budgeting plan.",
                "createdAt": _at(sent + timedelta(days=7)),
            },
        ],
        "submittedAt": _at(sent + timedelta(days=7)),
        "approvedAt": _at(sent + timedelta(days=9)),
    }


def sessions_json(p: Person, referral: dict, today: date) -> list[dict]:
    sent = datetime.fromisoformat(referral["sentAt"]).date()
    sessions = []
    for n in range(1, 2 + p.index % 3 + 1):
        day = sent + timedelta(days=21 + 7 * (n - 1))
        appointment = {
            "id": _uuid("appointment", referral["id"], n),
            "appointmentTime": _at(day, 14),
            "durationInMinutes": 60,
            "appointmentDeliveryType": "IN_PERSON_MEETING_PROBATION_OFFICE" if n % 2 else "VIDEO_CALL",
        }
        if day < today:
            attended = "no" if (p.index + n) % 5 == 0 else "yes"
            appointment["sessionFeedback"] = {"attendance": {"attended": attended}, "submitted": True}
        sessions.append({"sessionNumber": n, "appointments": [appointment]})
    return sessions


def routes(pop: Population, sim: Simulated) -> list[Route]:
    async def referrals(request: Request):
        p = pop.by_crn.get(request.path_params["crn"])
        return json_response(referrals_of(p, pop.today) if p else [])

    async def intervention(request: Request):
        found = intervention_json(request.path_params["id"])
        return json_response(found) if found else error_body(404, "intervention not found", SERVICE)

    async def action_plan(request: Request):
        plan_id = request.path_params["id"]
        for p in pop.people:
            if p.crn and p.index % 6 == 0:
                for r in referrals_of(p, pop.today):
                    if r["actionPlanId"] == plan_id:
                        return json_response(action_plan_json(p, r))
        return error_body(404, "action plan not found", SERVICE)

    async def sessions(request: Request):
        found = _referral_by_id(pop, request.path_params["id"])
        if found is None:
            return error_body(404, "referral not found", SERVICE)
        return json_response(sessions_json(*found, pop.today))

    return [
        sim.endpoint(SERVICE, "GET", "/probation-case/{crn}/referrals", referrals),
        sim.endpoint(SERVICE, "GET", "/intervention/{id}", intervention),
        sim.endpoint(SERVICE, "GET", "/action-plan/{id}", action_plan),
        sim.endpoint(SERVICE, "GET", "/referral/{id}/sessions", sessions),
    ]
