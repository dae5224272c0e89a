"""Assess Risks and Needs (OASys): risk of serious harm and predictor scores, per CRN."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.controls import Simulated, error_body, json_response
from simulator.population import Person, Population

SERVICE = "risks"
# The OASys sections that hold criminogenic needs: (section, name, standard threshold, severe threshold).
NEED_SECTIONS = [
    ("ACCOMMODATION", "Accommodation", 2, 7),
    ("EDUCATION_TRAINING_AND_EMPLOYABILITY", "Education, training and employability", 3, 7),
    ("RELATIONSHIPS", "Relationships", 2, 5),
    ("LIFESTYLE_AND_ASSOCIATES", "Lifestyle and associates", 2, 5),
    ("DRUG_MISUSE", "Drug misuse", 2, 8),
    ("ALCOHOL_MISUSE", "Alcohol misuse", 4, 7),
    ("THINKING_AND_BEHAVIOUR", "Thinking and behaviour", 4, 7),
    ("ATTITUDE", "Attitudes", 2, 7),
]


def needs_json(p: Person) -> dict:
    """The needs of the person's latest assessment (the one their risk management plan completed): each
    section's score derived from the person, one section in eight left unanswered."""
    groups: dict[str, list[dict]] = {"identifiedNeeds": [], "notIdentifiedNeeds": [], "unansweredNeeds": []}
    for n, (section, name, standard, severe) in enumerate(NEED_SECTIONS):
        if (p.index + n) % 8 == 0:
            groups["unansweredNeeds"].append({"section": section, "name": name})
            continue
        score = (p.index * 7 + n * 3) % 9
        severity = "SEVERE" if score >= severe else "STANDARD" if score >= standard else "NO_NEED"
        groups["identifiedNeeds" if severity != "NO_NEED" else "notIdentifiedNeeds"].append(
            {
                "section": section,
                "name": name,
                "riskOfHarm": severity == "SEVERE" and n % 2 == 0,
                "riskOfReoffending": severity != "NO_NEED",
                "severity": severity,
                "score": score,
                "oasysThreshold": {"standard": standard},
            }
        )
    plans = p.risk_management_plans
    return {**groups, **({"assessedOn": plans[0]["dateCompleted"]} if plans else {})}


def routes(pop: Population, sim: Simulated) -> list[Route]:
    async def rosh(request: Request):
        p = pop.by_crn.get(request.path_params["crn"])
        if p is None or p.rosh is None:
            return error_body(404, f"No risk data found for crn {request.path_params['crn']}", SERVICE)
        return json_response(p.rosh)

    async def predictors(request: Request):
        p = pop.by_crn.get(request.path_params["crn"])
        if p is None or not p.has_oasys:
            return error_body(404, f"No predictors found for crn {request.path_params['crn']}", SERVICE)
        return json_response(p.predictors)

    async def risk_management_plan(request: Request):
        p = pop.by_crn.get(request.path_params["crn"])
        if p is None or not p.has_oasys:
            return error_body(404, f"No risk management plan found for crn {request.path_params['crn']}", SERVICE)
        return json_response(
            {
                "crn": p.crn,
                "limitedAccessOffender": p.restricted or p.excluded,
                "riskManagementPlan": p.risk_management_plans,
            }
        )

    async def needs(request: Request):
        p = pop.by_crn.get(request.path_params["crn"])
        if p is None or not p.has_oasys:
            return error_body(404, f"No needs found for crn {request.path_params['crn']}", SERVICE)
        return json_response(needs_json(p))

    return [
        sim.endpoint(SERVICE, "GET", "/needs/crn/{crn}", needs),
        sim.endpoint(SERVICE, "GET", "/risks/crn/{crn}/risk-management-plan", risk_management_plan),
        sim.endpoint(SERVICE, "GET", "/risks/crn/{crn}", rosh),
        sim.endpoint(SERVICE, "GET", "/risks/predictors/{crn}", predictors),
    ]
