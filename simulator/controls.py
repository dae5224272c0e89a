"""What the simulator's admin endpoints control: call counters, injected latency and faults.

Every simulated endpoint is built with `endpoint(...)`, which counts the call, checks the bearer
token, then applies the latency and fault rules that match its service or endpoint key
("<service> <METHOD> <path template>", e.g. "alerts POST /search/alerts/prison-numbers").
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal

import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

FaultType = Literal["status", "timeout", "slow_body", "malformed"]
Handler = Callable[[Request], Awaitable[Response]]


@dataclass
class LatencyRule:
    target: str  # "*", a service name, or an endpoint key
    ms: float
    jitter_ms: float = 0.0


@dataclass
class FaultRule:
    target: str
    type: FaultType
    rate: float = 1.0
    status: int = 503
    seconds: float = 30.0


@dataclass
class Controls:
    endpoint_calls: Counter[str] = field(default_factory=Counter)
    path_calls: Counter[str] = field(default_factory=Counter)
    latency: list[LatencyRule] = field(default_factory=list)
    faults: list[FaultRule] = field(default_factory=list)
    rng: random.Random = field(default_factory=lambda: random.Random(7))
    # The W3C traceparent headers of the latest requests (a test asserts a trace id arrived).
    traceparents: deque[str] = field(default_factory=lambda: deque(maxlen=1000))

    def reset_counters(self) -> None:
        self.endpoint_calls.clear()
        self.path_calls.clear()
        self.traceparents.clear()

    def _matching(self, rules: list, service: str, key: str) -> list:
        # The most specific rule wins: endpoint key, then service, then "*".
        for target in (key, service, "*"):
            found = [r for r in rules if r.target == target]
            if found:
                return found
        return []

    def delay_for(self, service: str, key: str) -> float:
        rules = self._matching(self.latency, service, key)
        if not rules:
            return 0.0
        rule = rules[0]
        jitter = self.rng.uniform(-rule.jitter_ms, rule.jitter_ms) if rule.jitter_ms else 0.0
        return max(0.0, rule.ms + jitter) / 1000

    def fault_for(self, service: str, key: str) -> FaultRule | None:
        for rule in self._matching(self.faults, service, key):
            if self.rng.random() < rule.rate:
                return rule
        return None


# Services whose ErrorResponse documents `errorCode` as a required integer; the others document it
# as optional (an integer in some, a string in alerts and contacts), so they leave it out.
NUMERIC_ERROR_CODE_SERVICES = {"prisoner-search", "risks", "non-associations"}
# Services (Rails, not Spring) whose errors are their own `Status` shape, {"status": "error", "message": ...}.
STATUS_MESSAGE_SERVICES = {"manage-pom"}


def error_body(status: int, message: str, service: str | None = None) -> JSONResponse:
    """The HMPPS ErrorResponse shape every upstream answers errors with (no nulls: no spec allows them)."""
    if service in STATUS_MESSAGE_SERVICES:
        return JSONResponse({"status": "error", "message": message}, status_code=status)
    body: dict[str, object] = {"status": status, "userMessage": message, "developerMessage": message}
    if service in NUMERIC_ERROR_CODE_SERVICES:
        body["errorCode"] = status
    return JSONResponse(body, status_code=status)


def without_nulls(value):
    """Drop null-valued properties (recursively): most upstream documents give optional fields a
    non-null type, so an absent property is what validates (as with Jackson's NON_NULL)."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def json_response(data: object, status: int = 200) -> Response:
    return Response(orjson.dumps(data), status_code=status, media_type="application/json")


async def _slow_body(payload: bytes, seconds: float):
    chunks = [payload[i : i + 64] for i in range(0, len(payload), 64)] or [b""]
    for chunk in chunks:
        yield chunk
        await asyncio.sleep(seconds / len(chunks))


@dataclass
class Simulated:
    """Shared by every endpoint: the controls and the token check."""

    controls: Controls
    verify_token: Callable[[str], bool]

    def endpoint(self, service: str, method: str, path: str, handler: Handler) -> Route:
        key = f"{service} {method} {path}"
        controls = self.controls

        async def instrumented(request: Request) -> Response:
            controls.endpoint_calls[key] += 1
            controls.path_calls[f"{service} {method} {request.url.path.removeprefix('/' + service)}"] += 1
            traceparent = request.headers.get("traceparent")
            if traceparent is not None:
                controls.traceparents.append(traceparent[:128])
            auth = request.headers.get("authorization", "")
            if not auth.startswith("Bearer ") or not self.verify_token(auth[7:]):
                return error_body(401, "Unauthorized: a valid bearer token is required", service)
            delay = controls.delay_for(service, key)
            if delay:
                await asyncio.sleep(delay)
            fault = controls.fault_for(service, key)
            if fault and fault.type == "status":
                return error_body(fault.status, f"Injected fault: {fault.status}", service)
            if fault and fault.type == "timeout":
                await asyncio.sleep(fault.seconds)
            response = await handler(request)
            if fault and fault.type == "malformed":
                return Response(b'{"content": [{"truncated', status_code=200, media_type="application/json")
            if fault and fault.type == "slow_body":
                return StreamingResponse(
                    _slow_body(bytes(response.body), fault.seconds),
                    status_code=response.status_code,
                    media_type=response.headers.get("content-type", "application/json"),  # an image stays one
                )
            return response

        return Route(path, instrumented, methods=[method])


def health_ping(service: str, controls: Controls) -> Route:
    """`GET /health/ping`, as every HMPPS service has (no token): UP, or the service's injected status fault
    and latency, so that the graph's /health can be shown an upstream down."""
    key = f"{service} GET /health/ping"

    async def ping(request: Request) -> Response:
        delay = controls.delay_for(service, key)
        if delay:
            await asyncio.sleep(delay)
        fault = controls.fault_for(service, key)
        if fault and fault.type == "status":
            return JSONResponse({"status": "DOWN"}, status_code=fault.status)
        return JSONResponse({"status": "UP"})

    return Route("/health/ping", ping, methods=["GET"])
