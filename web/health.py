"""Probes in HMPPS's shape: /health (every component), /health/liveness, /health/readiness.

A component is anything with a name, a `check()` and whether readiness depends on it: each upstream
service's ping, HMPPS Auth's ping, and whether an upstream token can be had. Another component (a
shared store, say) is one more entry in the list given to `health_routes`. An upstream that is down
makes /health DOWN but not readiness: the graph still answers, with that upstream's fields null.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from state.store import Store
from upstream.clients import Upstreams
from web.lifecycle import Lifecycle

HEALTH_PATH = "/health"
LIVENESS_PATH = "/health/liveness"
READINESS_PATH = "/health/readiness"


@dataclass(frozen=True)
class ComponentHealth:
    up: bool
    details: dict[str, object] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {"status": "UP" if self.up else "DOWN", "details": self.details}


@dataclass(frozen=True)
class HealthComponent:
    name: str
    # Returns True when up (or its own ComponentHealth, with details); raising, or taking longer
    # than the timeout, is down.
    probe: Callable[[float], Awaitable[bool | ComponentHealth]]
    required_for_readiness: bool = False

    async def check(self, timeout_seconds: float) -> ComponentHealth:
        start = time.perf_counter()
        found: dict[str, object] = {}
        try:
            async with asyncio.timeout(timeout_seconds):
                result = await self.probe(timeout_seconds)
            up = result.up if isinstance(result, ComponentHealth) else result
            found = dict(result.details) if isinstance(result, ComponentHealth) else {}
            error = None
        except Exception as exc:  # a health check reports any failure; it never fails itself
            up, error = False, type(exc).__name__
        details: dict[str, object] = {**found, "responseTimeMs": round((time.perf_counter() - start) * 1000, 1)}
        if error:
            details["error"] = error
        return ComponentHealth(up, details)


def upstream_components(upstreams: Upstreams) -> list[HealthComponent]:
    """Each upstream service's and HMPPS Auth's `/health/ping`, and an upstream token (needed to be ready)."""

    def ping(call: Callable[[float], Awaitable[int]]) -> Callable[[float], Awaitable[bool]]:
        async def probe(timeout: float) -> bool:
            return await call(timeout) == 200

        return probe

    async def token(timeout: float) -> bool:
        return bool(await upstreams.tokens.token())

    return [
        *(HealthComponent(client.name, ping(client.ping)) for client in upstreams.clients()),
        HealthComponent("hmpps-auth", ping(upstreams.tokens.ping)),
        HealthComponent("upstream-token", token, required_for_readiness=True),
    ]


def store_component(store: Store) -> HealthComponent:
    """The shared store (Redis when REDIS_URL is set): down means this replica runs on its own state,
    so it is not ready, though it still answers (docs/redis.md)."""

    async def probe(timeout: float) -> ComponentHealth:
        health = await store.health()
        return ComponentHealth(health.up, dict(health.details))

    return HealthComponent("redis", probe, required_for_readiness=True)


async def _check_all(components: list[HealthComponent], timeout: float) -> dict[str, ComponentHealth]:
    results = await asyncio.gather(*(c.check(timeout) for c in components))
    return {c.name: result for c, result in zip(components, results, strict=True)}


def _answer(up: bool, body: dict[str, object]) -> JSONResponse:
    # Never cached: a probe must see the state now.
    return JSONResponse(
        {"status": "UP" if up else "DOWN", **body},
        status_code=200 if up else 503,
        headers={"cache-control": "no-store"},
    )


def health_routes(
    components: list[HealthComponent],
    lifecycle: Lifecycle,
    timeout_seconds: float,
    mode: str,
    state: Callable[[], dict[str, object]] = dict,
) -> list[Route]:
    """`state`: more of the process's own state for /health (e.g. each upstream's circuit breaker)."""

    async def health(request: Request) -> JSONResponse:
        checked = await _check_all(components, timeout_seconds)
        up = all(c.up for c in checked.values())
        components_json = {name: c.as_json() for name, c in checked.items()}
        return _answer(up, {"mode": mode, "components": components_json, **state()})

    async def liveness(request: Request) -> JSONResponse:
        return _answer(True, {})  # the process answers: nothing more, or a slow upstream would restart it

    async def readiness(request: Request) -> JSONResponse:
        required = [c for c in components if c.required_for_readiness]
        checked = await _check_all(required, timeout_seconds) if lifecycle.ready else {}
        up = lifecycle.ready and all(c.up for c in checked.values())
        return _answer(
            up, {"phase": lifecycle.phase.value, "components": {name: c.as_json() for name, c in checked.items()}}
        )

    return [
        Route(HEALTH_PATH, health, methods=["GET"]),
        Route(LIVENESS_PATH, liveness, methods=["GET"]),
        Route(READINESS_PATH, readiness, methods=["GET"]),
    ]
