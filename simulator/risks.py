"""Assess Risks and Needs (OASys): risk of serious harm and predictor scores, per CRN."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.controls import Simulated, error_body, json_response
from simulator.population import Population

SERVICE = "risks"


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

    return [
        sim.endpoint(SERVICE, "GET", "/risks/crn/{crn}/risk-management-plan", risk_management_plan),
        sim.endpoint(SERVICE, "GET", "/risks/crn/{crn}", rosh),
        sim.endpoint(SERVICE, "GET", "/risks/predictors/{crn}", predictors),
    ]
