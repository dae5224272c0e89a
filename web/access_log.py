"""One log line per HTTP request: method, path, status, duration, GraphQL operation, consumer, request id,
upstream calls and error codes.

Never the query string, the query's variables, headers (tokens) or anything from the answer: those carry
people's identifiers and data. The GraphQL app records the operation's name in the scope
(`OPERATION_NAME`), authentication records the consumer, the upstream clients and the GraphQL app add
to the request's RequestStats (telemetry/request_stats.py); all read here once the response is sent.
The line is text or a JSON object (LOG_FORMAT, web/log_format.py): the same record, its `fields`.
"""

from __future__ import annotations

import logging
import time

from telemetry import request_stats

log = logging.getLogger("person_graph.access")
OPERATION_NAME = "operation_name"
# A route whose path carries identifiers (an image's NOMIS number) puts its template here to be logged instead.
LOGGED_PATH = "logged_path"


class AccessLogMiddleware:
    """Logs each HTTP request at INFO once its response is sent (or it failed: status 500)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = 500
        stats = request_stats.begin_request()

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
                fields = {
                    "method": scope["method"],
                    "path": scope.get(LOGGED_PATH) or scope["path"],
                    "status": status,
                    "durationMs": round((time.perf_counter() - start) * 1000, 1),
                    "operation": scope.get(OPERATION_NAME),
                    "consumer": consumer.name if consumer is not None else None,
                    "requestId": scope.get("request_id"),
                    "upstreamCalls": stats.upstream_calls,
                    "errorCodes": sorted(set(stats.error_codes)),
                }
                log.info(
                    '%s %s %d %.1f ms operation=%s consumer="%s" request_id=%s',
                    fields["method"],
                    fields["path"],
                    status,
                    fields["durationMs"],
                    fields["operation"] or "-",
                    fields["consumer"] or "-",
                    fields["requestId"] or "-",
                    extra={"fields": fields},
                )
