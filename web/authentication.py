"""Authenticates every /graphql request before anything executes (HTTP 401 otherwise)."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import JSONResponse

from access.authentication import Authenticator, Jwks, TokenVerifier, Unauthenticated
from access.consumers import DEMO_CONSUMER, Consumer, load_consumers
from settings import Settings
from upstream.clients import EMBEDDED_BASE, Upstreams
from web.metrics import record_graphql_error


class Authenticated:
    """Nothing executes before the caller is known: missing or invalid credentials are HTTP 401."""

    def __init__(self, app, authenticator: Authenticator, graphiql: bool = True) -> None:
        """`graphiql`: a browser's GET of the page is let through unauthenticated (/graphql only)."""
        self.app = app
        self.authenticator = authenticator
        self.graphiql = graphiql

    async def __call__(self, scope, receive, send) -> None:
        request = Request(scope)
        if self.graphiql and _is_graphiql_page(request):  # the IDE page itself holds no data; its queries authenticate
            scope["consumer"] = IDE_PAGE
            return await self.app(scope, receive, send)
        try:
            scope["consumer"] = await self.authenticator.consumer(request.headers)
        except Unauthenticated as exc:
            record_graphql_error("UNAUTHENTICATED")
            response = JSONResponse(
                {"errors": [{"message": str(exc), "extensions": {"code": "UNAUTHENTICATED"}}]},
                status_code=401,
                headers={"WWW-Authenticate": 'Bearer realm="hmpps-person-graph"'},
            )
            return await response(scope, receive, send)
        await self.app(scope, receive, send)


IDE_PAGE = Consumer(name="GraphiQL page (reads nothing)")


def _is_graphiql_page(request: Request) -> bool:
    return (
        request.method == "GET"
        and "query" not in request.query_params
        and "extensions" not in request.query_params  # a persisted query's hash (web/apq.py)
        and "text/html" in request.headers.get("accept", "")
    )


def build_authenticator(
    settings: Settings, upstreams: Upstreams, simulator, known_fields: Mapping[str, set[str]]
) -> Authenticator:
    """`known_fields` (guarded type -> field names) makes a typo in the consumers file fail at start-up."""
    consumers = load_consumers(settings.consumers_file, known_fields)
    if settings.embedded:
        from simulator.auth import ISSUER

        jwks_url, issuer = f"{EMBEDDED_BASE}/hmpps-auth/.well-known/jwks.json", settings.auth_issuer or ISSUER
    else:
        base = (settings.auth_url or "").rstrip("/")
        jwks_url, issuer = f"{base}/.well-known/jwks.json", settings.auth_issuer or f"{base}/issuer"
    return Authenticator(
        TokenVerifier(Jwks(upstreams.http, jwks_url), issuer),
        consumers,
        anonymous=DEMO_CONSUMER if settings.embedded else None,  # real upstreams: never anonymous
        trust_subject_header=settings.trust_subject_header,
    )
