"""Transport-level errors (GraphQL over HTTP): a JSON body with a message and a code, for every 4xx.

`{"errors": [{"message": ..., "extensions": {"code": ...}}]}`, the shape of a GraphQL error, so
clients read one format whatever went wrong. A client error is one warning line in the log with the
request id, never a traceback.
"""

from __future__ import annotations

import logging

import orjson

from web.access_log import LOGGED_PATH
from web.metrics import record_graphql_error

log = logging.getLogger("person_graph.http")

# HTTP status -> extensions.code for errors the request itself caused.
CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    408: "REQUEST_READ_TIMEOUT",  # the client was too slow sending (web/http_guard.py), not REQUEST_TIMEOUT's deadline
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMITED",
    431: "HEADERS_TOO_LARGE",
    500: "INTERNAL_SERVER_ERROR",
    503: "SERVICE_UNAVAILABLE",
}


class ClientError(Exception):
    """A request refused before anything executes."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None, **extensions: object) -> None:
        """`extensions` go into the error's extensions; a `code` there replaces the status's own."""
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        self.extensions = extensions


def error_code(status: int) -> str:
    return CODES.get(status, "BAD_REQUEST" if status < 500 else "INTERNAL_SERVER_ERROR")


def error_body(status: int, message: str, **extensions: object) -> bytes:
    code = error_code(status)
    return orjson.dumps({"errors": [{"message": message, "extensions": {"code": code, **extensions}}]})


async def send_error(
    scope, send, status: int, message: str, headers: dict[str, str] | None = None, **extensions: object
) -> None:
    """Answers with a JSON error; a 4xx is logged as one warning line with the request id."""
    if 400 <= status < 500:
        log.warning(
            "client error request_id=%s status=%d %s %s: %.200r",
            scope.get("request_id"),
            status,
            scope.get("method"),
            scope.get(LOGGED_PATH) or scope.get("path"),
            message,
        )
    body = error_body(status, message, **extensions)
    record_graphql_error(error_code(status))
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})
