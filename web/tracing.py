"""A server span per HTTP request, continuing the caller's W3C trace when it sends a traceparent.

The span names the route, never the query string (a GET /graphql carries the query and variables).
"""

from __future__ import annotations

from opentelemetry.trace import SpanKind

from telemetry import tracing


class TraceRequests:
    def __init__(self, app, paths: frozenset[str]) -> None:
        self.app = app
        self.paths = paths  # the app's own routes; any other path is named "(other)", as it may carry anything

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not tracing.enabled():
            return await self.app(scope, receive, send)
        path = scope["path"] if scope["path"] in self.paths else "(other)"
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        attributes = {"http.request.method": scope["method"], "http.route": path}
        if "request_id" in scope:
            attributes["request_id"] = scope["request_id"]
        with tracing.span(f"{scope['method']} {path}", SpanKind.SERVER, attributes, parent_headers=headers) as span:

            async def send_recording_status(message) -> None:
                if span is not None and message["type"] == "http.response.start":
                    span.set_attribute("http.response.status_code", message["status"])
                await send(message)

            await self.app(scope, receive, send_recording_status)
