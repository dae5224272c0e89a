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

    return [
        sim.endpoint(SERVICE, "GET", "/risks/crn/{crn}", rosh),
        sim.endpoint(SERVICE, "GET", "/risks/predictors/{crn}", predictors),
    ]
