"""One log line per HTTP request: method, path, status, duration, GraphQL operation, consumer, request id.

Never the query string, the query's variables or anything from the answer: those carry people's
identifiers and data. The GraphQL app records the operation's name in the scope (`OPERATION_NAME`)
and authentication records the consumer, both read here once the response has been sent.
"""

from __future__ import annotations

import logging
import time

log = logging.getLogger("person_graph.access")
OPERATION_NAME = "operation_name"


class AccessLogMiddleware:
    """Logs each HTTP request at INFO once its response is sent (or it failed: status 500)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = 500

        async def send_recording_status(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_recording_status)
        finally:
            if log.isEnabledFor(logging.INFO):
                consumer = scope.get("consumer")
                log.info(
                    '%s %s %d %.1f ms operation=%s consumer="%s" request_id=%s',
                    scope["method"],
                    scope["path"],
                    status,
                    (time.perf_counter() - start) * 1000,
                    scope.get(OPERATION_NAME) or "-",
                    consumer.name if consumer is not None else "-",
                    scope.get("request_id", "-"),
                )
