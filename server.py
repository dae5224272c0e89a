"""The HTTP server: GET/POST /graphql (GraphiQL in a browser), /health.

With no upstream configured it builds the simulator in-process and points every upstream client
at it (the embedded default).
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from pathlib import Path
from collections.abc import AsyncIterator

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from access.audit import AuditSink, AuditTrail, LogAuditSink
from access.authentication import Authenticator, Jwks, TokenVerifier, Unauthenticated
from access.consumers import DEMO_CONSUMER, Consumer, load_consumers
from loaders import create_loaders
from resolvers.context import Context
from schema import guarded_fields, schema
from schema.errors import classify_all
from settings import Settings
from upstream.clients import EMBEDDED_BASE, Upstreams, build_upstreams

log = logging.getLogger("person_graph.server")
GRAPHIQL_ASSETS = Path(__file__).with_name("static") / "graphiql"
GRAPHIQL_PAGE = (GRAPHIQL_ASSETS / "index.html").read_text()
REQUEST_ID_HEADER = "x-request-id"


class GraphQLApp(GraphQL):
    def __init__(self, upstreams: Upstreams, settings: Settings, audit_sink: AuditSink) -> None:
        super().__init__(schema, graphql_ide="graphiql", allowed_origins=())
        self.upstreams = upstreams
        self.settings = settings
        self.audit_sink = audit_sink

    async def render_graphql_ide(self, request: Request) -> Response:
        # Our own page over assets we serve (static/graphiql), so GraphiQL needs no CDN.
        return HTMLResponse(GRAPHIQL_PAGE)

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        # Parse errors end the request before the schema's extensions finish: give them codes here too.
        if result.errors:
            result.errors = classify_all(result.errors, request.scope.get("request_id"))
        return await super().process_result(request, result)

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)  # several times faster than json.dumps on a 100-person answer

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        request_id = request.scope.get("request_id") or uuid.uuid4().hex
        consumer = request.scope["consumer"]
        return Context(loaders=create_loaders(self.upstreams, self.settings.batching), upstreams=self.upstreams,
                       request_id=request_id, consumer=consumer,
                       audit=AuditTrail(consumer=consumer.name, request_id=request_id, sink=self.audit_sink))


class Authenticated:
    """Nothing executes before the caller is known: missing or invalid credentials are HTTP 401."""

    def __init__(self, app, authenticator: Authenticator) -> None:
        self.app = app
        self.authenticator = authenticator

    async def __call__(self, scope, receive, send) -> None:
        request = Request(scope)
        if _is_graphiql_page(request):  # the IDE page itself holds no data; its queries authenticate
            scope["consumer"] = IDE_PAGE
            return await self.app(scope, receive, send)
        try:
            scope["consumer"] = await self.authenticator.consumer(request.headers)
        except Unauthenticated as exc:
            response = JSONResponse({"errors": [{"message": str(exc), "extensions": {"code": "UNAUTHENTICATED"}}]},
                                    status_code=401, headers={"WWW-Authenticate": 'Bearer realm="hmpps-person-graph"'})
            return await response(scope, receive, send)
        await self.app(scope, receive, send)


GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"


class GraphQLResponseMediaType:
    """GraphQL over HTTP: a client that accepts application/graphql-response+json gets it, and a
    request that could not execute (parse, validation or variable errors) is then a 400 with no
    `data`, as the spec asks. Plain application/json clients keep the classic always-200 answers."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        accept = dict(scope.get("headers", [])).get(b"accept", b"").decode("latin-1")
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
                status, answer = 400, {"errors": errors}
            body, content_type = orjson.dumps(answer), GRAPHQL_RESPONSE_JSON
        headers += [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode())]
        await send({**start, "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def start_content_type(start: dict) -> str:
    return dict(start.get("headers", [])).get(b"content-type", b"").decode("latin-1")


IDE_PAGE = Consumer(name="GraphiQL page (reads nothing)")


def _is_graphiql_page(request: Request) -> bool:
    return (request.method == "GET" and "query" not in request.query_params
            and "text/html" in request.headers.get("accept", ""))


def build_authenticator(settings: Settings, upstreams: Upstreams, simulator) -> Authenticator:
    consumers = load_consumers(settings.consumers_file, guarded_fields())
    if settings.embedded:
        from simulator.auth import ISSUER

        jwks_url, issuer = f"{EMBEDDED_BASE}/hmpps-auth/.well-known/jwks.json", settings.auth_issuer or ISSUER
    else:
        base = (settings.auth_url or "").rstrip("/")
        jwks_url, issuer = f"{base}/.well-known/jwks.json", settings.auth_issuer or f"{base}/issuer"
    return Authenticator(
        TokenVerifier(Jwks(upstreams.http, jwks_url), issuer), consumers,
        anonymous=DEMO_CONSUMER if settings.embedded else None,  # real upstreams: never anonymous
        trust_subject_header=settings.trust_subject_header,
    )


class RequestId:
    """Takes the caller's X-Request-Id (or makes one), and returns it on the response."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        incoming = dict(scope["headers"]).get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")
        request_id = incoming if 0 < len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex
        scope["request_id"] = request_id

        async def send_with_id(message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (REQUEST_ID_HEADER.encode(), request_id.encode())]
            await send(message)

        await self.app(scope, receive, send_with_id)


def create_app(settings: Settings | None = None, embedded_simulator=None, audit_sink: AuditSink | None = None) -> Starlette:
    """`embedded_simulator`: a simulator.app.Simulator to use instead of building one (tests)."""
    settings = settings or Settings.from_env()
    simulator = embedded_simulator
    if settings.embedded and simulator is None:
        from simulator.app import create_simulator  # only the embedded default needs the simulator

        simulator = create_simulator(size=settings.simulator_size, seed=settings.simulator_seed)
    upstreams = build_upstreams(settings, embedded_app=simulator.app if simulator else None)
    graphql = GraphQLResponseMediaType(Authenticated(GraphQLApp(upstreams, settings, audit_sink or LogAuditSink()),
                                                     build_authenticator(settings, upstreams, simulator)))

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "UP", "mode": "embedded" if settings.embedded else "upstreams"})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await upstreams.aclose()

    app = Starlette(routes=[Route("/health", health), Route("/graphql", graphql, methods=["GET", "POST"]),
                            Mount("/graphiql", StaticFiles(directory=GRAPHIQL_ASSETS))],
                    lifespan=lifespan)
    app.state.simulator = simulator
    app.state.upstreams = upstreams
    app.add_middleware(RequestId)
    return app
