"""The HTTP server: GET/POST /graphql (GraphiQL in a browser), /health.

With no upstream configured it builds the simulator in-process and points every upstream client
at it (the embedded default).
"""

from __future__ import annotations

import contextlib
import logging
import re
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.parse_content_type import parse_content_type
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

from access.audit import AuditSink, AuditTrail, LogAuditSink
from loaders import create_loaders
from resolvers.context import Context
from schema.audit import drain_audit_writes
from schema.build import GraphSchema, build_schema, guarded_fields
from schema.errors import classify_all
from settings import CacheSettings, Settings
from upstream.cache import CacheSpace, MemoryStore, SharedCaches
from upstream.clients import Upstreams, build_upstreams
from web.access_log import OPERATION_NAME, AccessLogMiddleware
from web.admission import Admission
from web.authentication import Authenticated, build_authenticator
from web.body_limit import BodyLimit, BodyTooLarge
from web.errors import ClientError, send_error
from web.media_type import GraphQLResponseMediaType
from web.request_id import RequestId

log = logging.getLogger("person_graph.server")
GRAPHIQL_ASSETS = Path(__file__).with_name("static") / "graphiql"
GRAPHIQL_PAGE = (GRAPHIQL_ASSETS / "index.html").read_text()
# The first operation's name in a document, for the access log when the request names none.
NAMED_OPERATION = re.compile(r"^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)")
GRAPHQL_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")


JSON_TYPES = ("application/json", "application/graphql-response+json")
SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?", re.ASCII)


def without_suggestions(message: str) -> str:
    """graphql-core's "Did you mean 'alerts'?" names schema fields: production mode leaves it out."""
    return SUGGESTION.sub("", message)


class GraphQLApp(GraphQL[Context, None]):
    def __init__(
        self,
        schema: GraphSchema,
        upstreams: Upstreams,
        settings: Settings,
        audit_sink: AuditSink,
        caches: SharedCaches | None = None,
    ) -> None:
        # Production mode serves no GraphiQL (GET with Accept: text/html is then 404, as JSON).
        super().__init__(schema, graphql_ide=None if settings.production else "graphiql", allowed_origins=())
        self.upstreams = upstreams
        self.caches = caches or shared_caches(settings.caches)
        self.settings = settings
        self.audit_sink = audit_sink

    async def __call__(self, scope, receive, send) -> None:
        """Every refusal is JSON with a code (web/errors.py); nothing a client sends is a 500."""
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except ClientError as exc:
            return await send_error(scope, send, exc.status, exc.message, exc.headers)
        except HTTPException as exc:
            return await send_error(scope, send, exc.status_code, exc.reason)
        except BodyTooLarge:
            raise
        except Exception:
            request_id = scope.get("request_id")
            log.exception("internal error request_id=%s", request_id)
            return await send_error(scope, send, 500, "Internal server error", requestId=request_id)
        await response(scope, receive, send)

    def decode_json(self, data: str | bytes) -> object:
        # orjson: strict UTF-8, and a nesting limit (1024) instead of a RecursionError.
        return orjson.loads(data)

    def parse_json(self, data: str | bytes) -> object:
        try:
            value = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            raise ClientError(400, "The request body is not valid JSON (UTF-8, nested at most 1024 deep)") from exc
        if isinstance(data, bytes) and not isinstance(value, dict | list):  # the POST body itself
            raise ClientError(400, "The request body must be a JSON object with a `query`")
        return value

    async def parse_http_body(self, request) -> GraphQLRequestData | list[GraphQLRequestData]:
        if request.method == "POST":
            content_type, _ = parse_content_type(request.content_type or "")
            if content_type not in JSON_TYPES:
                raise ClientError(415, "A POST must send Content-Type: application/json")
        data = await super().parse_http_body(request)
        for item in data if isinstance(data, list) else [data]:
            if not isinstance(item.operation_name, str | None):
                raise ClientError(400, "The GraphQL operation's `operationName` must be a string or null, if provided.")
        return data

    async def execute_single(self, request, request_adapter, sub_response, context, root_value, request_data):
        try:
            return await super().execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )
        except HTTPException as exc:
            if isinstance(exc.__cause__, InvalidOperationTypeError) and request_adapter.method == "GET":
                raise ClientError(405, "Mutations are sent with POST", headers={"Allow": "POST"}) from exc
            raise

    async def render_graphql_ide(self, request: Request) -> Response:
        # Our own page over assets we serve (static/graphiql), so GraphiQL needs no CDN.
        return HTMLResponse(GRAPHIQL_PAGE)

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        # Parse errors end the request before the schema's extensions finish: give them codes here too.
        if result.errors:
            result.errors = classify_all(result.errors, request.scope.get("request_id"))
            if self.settings.production:  # variable and enum errors can still carry suggestions
                for error in result.errors:
                    error.message = without_suggestions(error.message)
        return await super().process_result(request, result)

    async def execute_operation(
        self, request: Request, request_adapter: Any, request_data: Any, *args: Any, **kwargs: Any
    ) -> Any:
        if not isinstance(request_data, list):  # the access log's operation name (web/access_log.py)
            named = request_data.operation_name
            if named is None and isinstance(request_data.query, str):
                match = NAMED_OPERATION.match(request_data.query)
                named = match.group(1) if match else None
            if named is not None:  # a client's string goes into a log line: only a GraphQL name
                named = named if isinstance(named, str) and GRAPHQL_NAME.fullmatch(named) else "(not a name)"
            request.scope[OPERATION_NAME] = named
        return await super().execute_operation(request, request_adapter, request_data, *args, **kwargs)

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)  # several times faster than json.dumps on a 100-person answer

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        request_id = request.scope.get("request_id") or uuid.uuid4().hex
        consumer = request.scope["consumer"]
        return Context(
            loaders=create_loaders(self.upstreams, self.settings.batching, self.caches),
            upstreams=self.upstreams,
            request_id=request_id,
            consumer=consumer,
            audit=AuditTrail(consumer=consumer.name, request_id=request_id, sink=self.audit_sink),
            limits=self.settings.limits,
            production=self.settings.production,
        )


def shared_caches(settings: CacheSettings) -> SharedCaches:
    """One store per process, shared by all its requests (upstream/cache.py)."""
    return SharedCaches(
        store=MemoryStore(settings.max_entries),
        locations=CacheSpace("locations", settings.locations_ttl_seconds),
        identity=CacheSpace("identity", settings.identity_ttl_seconds),
        reference_data=CacheSpace("reference-data", settings.reference_data_ttl_seconds),
    )


def create_app(
    settings: Settings | None = None, embedded_simulator=None, audit_sink: AuditSink | None = None
) -> Starlette:
    """`embedded_simulator`: a simulator.app.Simulator to use instead of building one (tests)."""
    settings = settings or Settings.from_env()
    simulator = embedded_simulator
    if settings.embedded and simulator is None:
        from simulator.app import create_simulator  # only the embedded default needs the simulator

        simulator = create_simulator(size=settings.simulator_size, seed=settings.simulator_seed)
    upstreams = build_upstreams(settings, embedded_app=simulator.app if simulator else None)
    schema = build_schema()
    caches = shared_caches(settings.caches)
    # Admission first: a request refused for capacity costs no body read, no token check.
    graphql = Admission(
        BodyLimit(
            GraphQLResponseMediaType(
                Authenticated(
                    GraphQLApp(schema, upstreams, settings, audit_sink or LogAuditSink(), caches),
                    build_authenticator(settings, upstreams, simulator, guarded_fields(schema)),
                )
            ),
            settings.limits.max_body_bytes,
        ),
        settings.admission,
    )

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "UP", "mode": "embedded" if settings.embedded else "upstreams"})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await drain_audit_writes()  # records still naming people by CRN use the upstream clients
        await upstreams.aclose()

    app = Starlette(
        routes=[
            Route("/health", health),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Mount("/graphiql", StaticFiles(directory=GRAPHIQL_ASSETS)),
        ],
        lifespan=lifespan,
    )
    app.state.simulator = simulator
    app.state.upstreams = upstreams
    app.state.caches = caches
    app.state.admission = graphql
    app.add_middleware(AccessLogMiddleware)
    app.add_middleware(RequestId)  # outermost: the access log and everything inside see the request id
    return app
