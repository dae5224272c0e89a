"""CORS for browser applications on other origins (docs/clients.md, "CORS").

Starlette's CORSMiddleware with what GraphQL clients send: exact origins from settings (never a
wildcard), GET and POST, the headers Apollo Client, urql and Relay add, a preflight cached for
`MAX_AGE_SECONDS`, and `X-Request-Id` readable by the page. No credentials mode: consumers send a
bearer token in `Authorization`, which needs none, and the graph sets no cookies.

Two changes from Starlette's behaviour, so that an origin not in the list gets no `Access-Control-*`
header at all: its preflight is a 403 with a JSON error body (web/errors.py) rather than a plain-text
400 that names the allowed methods and headers, and its other requests are answered without the
`Access-Control-Expose-Headers` Starlette adds to every request with an Origin.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.errors import send_error
from web.request_id import REQUEST_ID_HEADER

ALLOWED_METHODS = ("GET", "POST")
ALLOWED_HEADERS = (
    "Authorization",
    "Content-Type",
    "Accept",
    "apollographql-client-name",
    "apollographql-client-version",
    "apollo-require-preflight",
    REQUEST_ID_HEADER,
)
EXPOSED_HEADERS = (REQUEST_ID_HEADER,)
# Chromium caps a preflight's cache at 2 hours, Firefox at 24: 10 minutes keeps a change of the
# allowed list effective soon while sparing an OPTIONS before nearly every query.
MAX_AGE_SECONDS = 600


class Cors(CORSMiddleware):
    def __init__(self, app: ASGIApp, allowed_origins: tuple[str, ...]) -> None:
        if "*" in allowed_origins:
            raise ValueError("CORS origins are exact: no wildcard")
        super().__init__(
            app,
            allow_origins=allowed_origins,
            allow_methods=ALLOWED_METHODS,
            allow_headers=ALLOWED_HEADERS,
            allow_credentials=False,
            expose_headers=EXPOSED_HEADERS,
            max_age=MAX_AGE_SECONDS,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "OPTIONS":
            headers = Headers(scope=scope)
            origin = headers.get("origin")
            if origin is not None and "access-control-request-method" in headers and not self.is_allowed_origin(origin):
                return await send_error(scope, send, 403, "This origin may not call the graph from a browser")
        await super().__call__(scope, receive, send)

    async def send(self, message: Message, send: Send, request_headers: Headers) -> None:
        origin = request_headers.get("origin")
        if origin is None or self.is_allowed_origin(origin) or message["type"] != "http.response.start":
            return await super().send(message, send, request_headers)
        headers = MutableHeaders(scope=message)
        headers.add_vary_header("Origin")  # caches must not give this answer to an allowed origin
        await send(message)
