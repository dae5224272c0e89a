"""GraphQL over HTTP's own media type, for the clients that ask for it."""

from __future__ import annotations

import orjson

from web.errors import send_error

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
# What /graphql can answer with: JSON, either media type; text/html is GraphiQL's page.
ACCEPTABLE = {"*/*", "application/*", "application/json", GRAPHQL_RESPONSE_JSON, "text/*", "text/html"}


def acceptable(accept: str) -> bool:
    """Whether an Accept header allows any type we answer with (no header: anything goes)."""
    if not accept.strip():
        return True
    for part in accept.split(","):
        media_type, *params = (p.strip() for p in part.split(";"))
        refused = any(p.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for p in params)
        if media_type.lower() in ACCEPTABLE and not refused:
            return True
    return False


class GraphQLResponseMediaType:
    """GraphQL over HTTP: a client that accepts application/graphql-response+json gets it, and a
    request that could not execute (parse, validation or variable errors) is then a 400 with no
    `data`, as the spec asks. Plain application/json clients keep the classic always-200 answers."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        accept = dict(scope.get("headers", [])).get(b"accept", b"").decode("latin-1")
        if scope["type"] == "http" and not acceptable(accept):
            return await send_error(
                scope, send, 406, "Acceptable answers are application/json and application/graphql-response+json"
            )
        if scope["type"] != "http" or GRAPHQL_RESPONSE_JSON not in accept:
            return await self.app(scope, receive, send)
        start: dict = {}
        chunks: list[bytes] = []

        async def buffer(message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            else:
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, buffer)
        body, status = b"".join(chunks), start["status"]
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"content-type", b"content-length")]
        content_type = start_content_type(start)
        if content_type.startswith("application/json"):
            answer = orjson.loads(body)
            errors = answer.get("errors") if isinstance(answer, dict) else None
            if status == 200 and errors and answer.get("data") is None and not any(e.get("path") for e in errors):
                timed_out = any((e.get("extensions") or {}).get("code") == "REQUEST_TIMEOUT" for e in errors)
                status, answer = (504, answer) if timed_out else (400, {"errors": errors})
            body, content_type = orjson.dumps(answer), GRAPHQL_RESPONSE_JSON
        headers += [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode())]
        await send({**start, "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def start_content_type(start: dict) -> str:
    return dict(start.get("headers", [])).get(b"content-type", b"").decode("latin-1")
