"""Person.referrals: resolvers/interventions.py -> loaders.referrals_by_crn, intervention_by_id,
action_plan_by_id, sessions_by_referral_id -> upstream/interventions.py -> simulator/interventions.py.
Their client and contract rows too (against specs/upstream/interventions.json, the project's own document)."""

from __future__ import annotations

from simulator.controls import FaultRule
from simulator.interventions import referrals_of
from simulator.population import Person, Population
from tests.cases import UNKNOWN_CRN, Call, Case, CaseBuilder, pick
from tests.conftest import query
from upstream.interventions import InterventionsClient

REFERRALS = "interventions GET /probation-case/{crn}/referrals"
INTERVENTION = "interventions GET /intervention/{id}"
ACTION_PLAN = "interventions GET /action-plan/{id}"
SESSIONS = "interventions GET /referral/{id}/sessions"
UNKNOWN_UUID = "00000000-0000-0000-0000-000000000000"
REFERRAL_ID = "1b0d7c58-1b1b-4b36-9b1a-7b6c2c6e3f10"
CATEGORY_ID = "428ee70f-3001-4399-95a6-ad25eaaede16"

CLIENT_CASES = [
    Case(
        "interventions.referrals",
        InterventionsClient,
        "interventions",
        lambda c: c.referrals("X123456"),
        "GET",
        "/probation-case/X123456/referrals",
        [
            {
                "id": REFERRAL_ID,
                "referenceNumber": "JS18726AC",
                "sentAt": "2025-01-10T10:00:00Z",
                "referral": {
                    "serviceUser": {"crn": "X123456"},
                    "interventionId": "98a42c61-c30f-4beb-8062-04033c376e2d",
                    "serviceCategoryIds": [CATEGORY_ID],
                    "complexityLevels": [{"serviceCategoryId": CATEGORY_ID, "complexityLevelId": "c1"}],
                    "desiredOutcomes": [{"serviceCategoryId": CATEGORY_ID, "desiredOutcomesIds": ["o1"]}],
                },
                "actionPlanId": "a1",
            }
        ],
        lambda r: [(x.referenceNumber, x.referral.serviceCategoryIds, x.actionPlanId, x.endOfServiceReport) for x in r],
        [("JS18726AC", [CATEGORY_ID], "a1", None)],
        on_404=None,
        wrong_shape=[{"id": REFERRAL_ID}],
    ),
    Case(
        "interventions.intervention",
        InterventionsClient,
        "interventions",
        lambda c: c.intervention("98a42c61-c30f-4beb-8062-04033c376e2d"),
        "GET",
        "/intervention/98a42c61-c30f-4beb-8062-04033c376e2d",
        {
            "id": "98a42c61-c30f-4beb-8062-04033c376e2d",
            "title": "Accommodation Services - West Midlands",
            "serviceProvider": {"id": "HARMONY_LIVING", "name": "Harmony Living"},
            "serviceCategories": [
                {"id": CATEGORY_ID, "name": "Accommodation", "complexityLevels": [], "desiredOutcomes": []}
            ],
        },
        lambda r: (r.title, r.serviceProvider.name, [c.name for c in r.serviceCategories]),
        ("Accommodation Services - West Midlands", "Harmony Living", ["Accommodation"]),
        on_404=None,
        wrong_shape={"title": "x"},
    ),
    Case(
        "interventions.action_plan",
        InterventionsClient,
        "interventions",
        lambda c: c.action_plan("a1"),
        "GET",
        "/action-plan/a1",
        {
            "id": "a1",
            "referralId": REFERRAL_ID,
            "numberOfSessions": 3,
            "activities": [{"id": "x", "description": "Do"}],
        },
        lambda r: (r.numberOfSessions, [a.description for a in r.activities]),
        (3, ["Do"]),
        on_404=None,
        wrong_shape={"numberOfSessions": 3},
    ),
    Case(
        "interventions.sessions",
        InterventionsClient,
        "interventions",
        lambda c: c.sessions(REFERRAL_ID),
        "GET",
        f"/referral/{REFERRAL_ID}/sessions",
        [
            {
                "sessionNumber": 1,
                "appointments": [
                    {
                        "id": "p1",
                        "appointmentTime": "2025-02-01T14:00:00Z",
                        "durationInMinutes": 60,
                        "sessionFeedback": {"attendance": {"attended": "yes"}},
                    }
                ],
            }
        ],
        lambda r: [(s.sessionNumber, [a.sessionFeedback.attendance.attended for a in s.appointments]) for s in r],
        [(1, ["yes"])],
        on_404=None,
        wrong_shape=[{"appointments": []}],
    ),
]


def referred(pop: Population, concluded: bool | None = None) -> Person:
    def fits(p: Person) -> bool:
        found = referrals_of(p, pop.today)
        return (
            bool(found)
            and not (p.restricted or p.excluded)
            and (concluded is None or ("concludedAt" in found[0]) == concluded)
        )

    return pick(pop, "person with a referral", fits)


def first_referral(pop: Population) -> dict:
    p = referred(pop)
    return referrals_of(p, pop.today)[0]


CONTRACT_CASES: dict[str, dict[str, CaseBuilder]] = {
    REFERRALS: {
        "referred": lambda pop: Call(f"/probation-case/{referred(pop).crn}/referrals", 200, nonempty=True),
        "unknown": lambda pop: Call(f"/probation-case/{UNKNOWN_CRN}/referrals", 200),
    },
    INTERVENTION: {
        "known": lambda pop: Call(
            f"/intervention/{first_referral(pop)['referral']['interventionId']}", 200, nonempty=True
        ),
        "unknown": lambda pop: Call(f"/intervention/{UNKNOWN_UUID}", 404),
    },
    ACTION_PLAN: {
        "known": lambda pop: Call(f"/action-plan/{first_referral(pop)['actionPlanId']}", 200, nonempty=True),
        "unknown": lambda pop: Call(f"/action-plan/{UNKNOWN_UUID}", 404),
    },
    SESSIONS: {
        "known": lambda pop: Call(f"/referral/{first_referral(pop)['id']}/sessions", 200, nonempty=True),
        "unknown": lambda pop: Call(f"/referral/{UNKNOWN_UUID}/sessions", 404),
    },
}

QUERY = """
query ($id: ID!) {
  person(hmppsId: $id) {
    referrals {
      id referenceNumber sentAt concludedAt interventionTitle
      serviceProvider { id name }
      serviceCategories { name complexityLevel { title } desiredOutcomes { id description } }
      actionPlan { numberOfSessions activities { description } approvedAt }
      sessions { sessionNumber appointments { appointmentTime durationInMinutes deliveryType attended } }
      endOfServiceReport { submittedAt outcomes { desiredOutcome { description } achievementLevel } }
    }
  }
}
"""


async def test_a_concluded_referral_whole(graph, population, simulator):
    p = referred(population, concluded=True)
    expected = referrals_of(p, population.today)[0]

    body = await query(graph, QUERY, id=p.crn)

    assert "errors" not in body, body
    [referral] = body["data"]["person"]["referrals"]
    assert referral["id"] == expected["id"] and referral["concludedAt"] is not None
    assert referral["serviceProvider"]["name"] and referral["interventionTitle"]
    categories = referral["serviceCategories"]
    assert [c["name"] for c in categories] and all(c["complexityLevel"]["title"] for c in categories)
    assert all(o["description"] for c in categories for o in c["desiredOutcomes"])
    plan = referral["actionPlan"]
    assert plan["numberOfSessions"] == len(referral["sessions"]) == 2 + p.index % 3
    assert [s["sessionNumber"] for s in referral["sessions"]] == list(range(1, plan["numberOfSessions"] + 1))
    assert all(a["attended"] in ("yes", "no") for s in referral["sessions"] for a in s["appointments"])
    report = referral["endOfServiceReport"]
    assert len(report["outcomes"]) == len(categories)
    assert {o["desiredOutcome"]["description"] for o in report["outcomes"]} <= {
        o["description"] for c in categories for o in c["desiredOutcomes"]
    }
    # The intervention is read once for the three fields that need it.
    assert simulator.controls.endpoint_calls[INTERVENTION] == 1 and simulator.controls.endpoint_calls[REFERRALS] == 1


async def test_only_what_is_selected_is_read(graph, population, simulator):
    p = referred(population)

    body = await query(graph, "query ($id: ID!) { person(hmppsId: $id) { referrals { referenceNumber } } }", id=p.crn)

    assert [r["referenceNumber"] for r in body["data"]["person"]["referrals"]] == [
        r["referenceNumber"] for r in referrals_of(p, population.today)
    ]
    assert sum(simulator.controls.endpoint_calls[e] for e in (INTERVENTION, ACTION_PLAN, SESSIONS)) == 0


async def test_none_without_referrals_or_crn(graph, population, simulator):
    none = pick(
        population,
        "person on probation with no referral",
        lambda p: bool(p.crn) and not referrals_of(p, population.today),
    )
    prison_only = pick(population, "prison-only person", lambda p: p.crn is None and bool(p.prisoner_number))

    assert (await query(graph, QUERY, id=none.crn))["data"]["person"]["referrals"] == []
    assert (await query(graph, QUERY, id=prison_only.prisoner_number))["data"]["person"]["referrals"] == []
    assert simulator.controls.endpoint_calls[REFERRALS] == 1


async def test_limited_access_is_rejected(graph, population):
    p = pick(
        population,
        "restricted person with a referral",
        lambda p: p.restricted and bool(referrals_of(p, population.today)),
    )

    body = await query(graph, QUERY, id=p.crn)

    assert body["data"]["person"]["referrals"] is None
    assert body["errors"][0]["extensions"] == {"code": "FORBIDDEN", "reason": "LIMITED_ACCESS"}


async def test_failure_of_one_part_nulls_only_it(graph, population, simulator):
    p = referred(population, concluded=True)
    simulator.controls.faults.append(FaultRule(target=SESSIONS, type="status", status=503))

    body = await query(graph, QUERY, id=p.crn)

    [referral] = body["data"]["person"]["referrals"]
    assert referral["sessions"] is None and referral["actionPlan"] is not None
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "upstream": "interventions"}
