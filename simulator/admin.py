"""Admin endpoints under /__admin (no upstream path starts with it): counters, latency, faults."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from simulator.controls import Controls, FaultRule, LatencyRule
from simulator.population import Population

FAULT_TYPES = ("status", "timeout", "slow_body", "malformed")


def _bad(message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=400)


def routes(controls: Controls, pop: Population) -> list[Route]:
    async def read_counters(request: Request):
        return JSONResponse({"endpoints": dict(controls.endpoint_calls), "paths": dict(controls.path_calls)})

    async def reset_counters(request: Request):
        controls.reset_counters()
        return Response(status_code=204)

    async def set_latency(request: Request):
        body = await request.json()
        try:
            rule = LatencyRule(
                target=str(body.get("target", "*")), ms=float(body["ms"]), jitter_ms=float(body.get("jitterMs", 0))
            )
        except (KeyError, TypeError, ValueError):
            return _bad('expected {"target": "*"|service|endpoint key, "ms": number, "jitterMs": number}')
        controls.latency = [r for r in controls.latency if r.target != rule.target] + [rule]
        return JSONResponse({"latency": [vars(r) for r in controls.latency]})

    async def clear_latency(request: Request):
        controls.latency.clear()
        return Response(status_code=204)

    async def add_fault(request: Request):
        body = await request.json()
        try:
            rule = FaultRule(
                target=str(body.get("target", "*")),
                type=body["type"],
                rate=float(body.get("rate", 1.0)),
                status=int(body.get("status", 503)),
                seconds=float(body.get("seconds", 30.0)),
            )
        except (KeyError, TypeError, ValueError):
            return _bad(
                'expected {"target": ..., "type": one of ' + ", ".join(FAULT_TYPES) + ', "rate", "status", "seconds"}'
            )
        if rule.type not in FAULT_TYPES or not 0 <= rule.rate <= 1:
            return _bad(f"type must be one of {', '.join(FAULT_TYPES)} and rate within 0..1")
        controls.faults.append(rule)
        return JSONResponse({"faults": [vars(r) for r in controls.faults]})

    async def clear_faults(request: Request):
        controls.faults.clear()
        return Response(status_code=204)

    async def traceparents(request: Request):
        return JSONResponse({"traceparents": list(controls.traceparents)})

    async def population(request: Request):
        return JSONResponse({"size": pop.size, "seed": pop.seed, "today": pop.today.isoformat()})

    return [
        Route("/counters", read_counters, methods=["GET"]),
        Route("/counters", reset_counters, methods=["DELETE"]),
        Route("/latency", set_latency, methods=["PUT"]),
        Route("/latency", clear_latency, methods=["DELETE"]),
        Route("/faults", add_fault, methods=["POST"]),
        Route("/faults", clear_faults, methods=["DELETE"]),
        Route("/population", population, methods=["GET"]),
        Route("/traceparents", traceparents, methods=["GET"]),
    ]
