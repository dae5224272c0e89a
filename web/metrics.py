"""/metrics (Prometheus text format) and the HTTP-level measurements: requests in flight, GraphQL latency.

With METRICS_PORT set, /metrics is not served here but on that port by `person-graph serve`, so that it
need not be reachable from outside the cluster (cli.py).
"""

from __future__ import annotations

import time

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from telemetry import request_stats
from telemetry.metrics import CONTENT_TYPE, GRAPHQL_DURATION, GRAPHQL_ERRORS, GRAPHQL_REQUESTS, IN_FLIGHT, exposition
from web.access_log import OPERATION_NAME

METRICS_PATH = "/metrics"
GRAPHQL_PATH = "/graphql"
ANONYMOUS = "(anonymous)"


async def metrics(request: Request) -> Response:
    return Response(exposition(), media_type=CONTENT_TYPE)


def metrics_routes() -> list[Route]:
    return [Route(METRICS_PATH, metrics, methods=["GET"])]


def record_graphql_outcome(operation: str | None, has_data: bool, codes: list[str]) -> None:
    """One answered operation: success, partial (data and errors) or error, and each error's code."""
    outcome = "success" if not codes else "partial" if has_data else "error"
    GRAPHQL_REQUESTS.labels(operation or ANONYMOUS, outcome).inc()
    for code in codes:
        GRAPHQL_ERRORS.labels(code).inc()


def record_graphql_error(code: str) -> None:
    """An error answered before any GraphQL executed (HTTP 4xx, web/errors.py): counted and logged by code."""
    GRAPHQL_ERRORS.labels(code).inc()
    stats = request_stats.current()
    if stats is not None:
        stats.error_codes.append(code)


class RequestMetrics:
    """Counts HTTP requests in flight, and times each /graphql request by its operation name."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        IN_FLIGHT.inc()
        try:
            await self.app(scope, receive, send)
        finally:
            IN_FLIGHT.dec()
            if scope["path"] == GRAPHQL_PATH:
                operation = scope.get(OPERATION_NAME) or ANONYMOUS
                GRAPHQL_DURATION.labels(operation).observe(time.perf_counter() - start)
