"""Assess Risks and Needs (OASys): risk of serious harm and predictor scores, per CRN."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.controls import Simulated, error_body, json_response, without_nulls
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


def _banded(score: float | None, band: str | None, **extra: str) -> dict:
    return without_nulls({"score": score, "band": band, **extra})


def predictor_assessments_json(p: Person) -> list[dict]:
    """Each assessment's predictors as ARN's versioned read gives them. The newest assessment of every third
    person is scored with the version 2 (OGRS4) predictors, derived from its version 1 figures; the rest are
    version 1, their OSP percentages also named as OSP/IIC and OSP/DC."""
    found = []
    for n, legacy in enumerate(p.predictors):
        ogp, ovp = legacy["generalPredictorScore"], legacy["violencePredictorScore"]
        rsr, osp = legacy["riskOfSeriousRecidivismScore"], legacy["sexualPredictorScore"]
        wrapper = {
            "completedDate": legacy["completedDate"],
            "status": legacy["assessmentStatus"],
            "assessmentType": "LAYER3",
        }
        if n == 0 and p.index % 3 == 0:
            dynamic = {"staticOrDynamic": "DYNAMIC"}
            output = {
                "allReoffendingPredictor": _banded(ogp["ogp2Year"], ogp["ogpRisk"], **dynamic),
                "violentReoffendingPredictor": _banded(ovp["twoYears"], ovp["ovpRisk"], **dynamic),
                "seriousViolentReoffendingPredictor": _banded(rsr["percentageScore"], rsr["scoreLevel"], **dynamic),
                "directContactSexualReoffendingPredictor": _banded(
                    osp["ospContactPercentageScore"], osp["ospContactScoreLevel"]
                ),
                "indirectImageContactSexualReoffendingPredictor": _banded(
                    osp["ospIndecentPercentageScore"], osp["ospIndecentScoreLevel"]
                ),
                "combinedSeriousReoffendingPredictor": _banded(
                    rsr["percentageScore"], rsr["scoreLevel"], algorithmVersion="6", **dynamic
                ),
            }
            found.append({**wrapper, "outputVersion": "2", "output": output})
        else:
            output = {k: v for k, v in legacy.items() if k not in ("completedDate", "assessmentStatus")}
            output["sexualPredictorScore"] = {
                **osp,
                "ospIndirectImagePercentageScore": osp["ospIndecentPercentageScore"],
                "ospDirectContactPercentageScore": osp["ospContactPercentageScore"],
            }
            found.append({**wrapper, "outputVersion": "1", "output": output})
    return found


def routes(pop: Population, sim: Simulated) -> list[Route]:
    async def rosh(request: Request):
        p = pop.by_crn.get(request.path_params["crn"])
        if p is None or p.rosh is None:
            return error_body(404, f"No risk data found for crn {request.path_params['crn']}", SERVICE)
        return json_response(p.rosh)

    async def predictors(request: Request):
        kind, crn = request.path_params["identifierType"], request.path_params["identifierValue"]
        if kind != "CRN":
            return error_body(400, f"Invalid identifier type {kind}", SERVICE)
        p = pop.by_crn.get(crn)
        if p is None or not p.has_oasys:
            return error_body(404, f"No predictors found for crn {crn}", SERVICE)
        return json_response(predictor_assessments_json(p))

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
        sim.endpoint(SERVICE, "GET", "/risks/predictors/unsafe/all/{identifierType}/{identifierValue}", predictors),
    ]
