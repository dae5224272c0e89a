"""The HTTP server: GET/POST /graphql (GraphiQL in a browser), the probes, /info and /metrics.

State the replicas share (automatic persisted queries, rate-limit counters, the shared caches'
entries) is in Redis when REDIS_URL is set, otherwise in this process (state/, docs/redis.md).

With no upstream configured it builds the simulator in-process and points every upstream client
at it (the embedded default).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
from cross_web import HTTPException
from graphql import GraphQLError
from opentelemetry.trace import SpanKind
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.parse_content_type import parse_content_type
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

from access.audit import AuditSink, LogAuditSink
from resolvers.context import Context, request_context
from resolvers.images import IMAGE_ROUTE
from schema import admission
from schema.audit import drain_audit_writes
from schema.build import GraphSchema, build_schema, guarded_fields
from schema.errors import classify_all
from settings import CacheSettings, Settings
from state.build import build_store
from state.store import Store
from telemetry import request_stats, tracing
from upstream.cache import CacheStore, MemoryStore, SharedCaches, SharedEntries, TieredStore
from upstream.clients import Upstreams, build_upstreams
from upstream.deadline import request_deadline
from web import gc_policy
from web.access_log import OPERATION_NAME, AccessLogMiddleware
from web.admission import Admission
from web.apq import AutomaticPersistedQueries
from web.authentication import Authenticated, build_authenticator
from web.body_first import BodyFirst
from web.body_limit import BodyLimit, BodyTooLarge
from web.cors import Cors
from web.errors import ClientError, send_error
from web.health import health_routes, store_component, upstream_components
from web.images import ImageRoute, LoggedAs
from web.info import info_routes
from web.lifecycle import Lifecycle
from web.media_type import GraphQLResponseMediaType
from web.metrics import RequestMetrics, metrics_routes, record_graphql_outcome
from web.rate_limits import RateLimited
from web.request_id import RequestId
from web.safelist import Safelist, load_manifest
from web.tracing import TraceRequests

log = logging.getLogger("person_graph.server")
GRAPHIQL_ASSETS = Path(__file__).with_name("static") / "graphiql"
GRAPHIQL_PAGE = (GRAPHIQL_ASSETS / "index.html").read_text()
# The first operation's name in a document, for the access log when the request names none.
NAMED_OPERATION = re.compile(r"^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)")
GRAPHQL_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")
OPERATION_TYPE = re.compile(r"\b(query|mutation|subscription)\b\s*([_A-Za-z][_0-9A-Za-z]*)?")


def operation_type(query: object, name: str | None) -> str:
    """The operation's type for its span: the keyword before its name (or the first one); a bare `{` is a query."""
    if not isinstance(query, str):
        return "query"
    for match in OPERATION_TYPE.finditer(query):
        if name is None or match.group(2) == name:
            return match.group(1)
    return "query"


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
        store: Store,
        safelist: Safelist | None = None,
        caches: SharedCaches | None = None,
    ) -> None:
        # Production mode serves no GraphiQL (GET with Accept: text/html is then 404, as JSON).
        super().__init__(schema, graphql_ide=None if settings.production else "graphiql", allowed_origins=())
        self.upstreams = upstreams
        self.caches = caches or shared_caches(settings.caches)
        self.settings = settings
        self.audit_sink = audit_sink
        self.persisted_queries = AutomaticPersistedQueries(store)
        self.safelist = safelist

    def should_render_graphql_ide(self, request) -> bool:
        # A GET with only a persisted query's hash has no `query` either: it is a query, not the IDE.
        return "extensions" not in request.query_params and super().should_render_graphql_ide(request)

    async def admit(self, request: Request, data: GraphQLRequestData) -> GraphQLRequestData:
        """Before anything is parsed: a safelisted consumer's operation must be in the manifest; anyone
        else's persisted-query hash is looked up (web/apq.py)."""
        if request.scope["consumer"].safelist:
            if self.safelist is None:  # pragma: no cover - create_app refuses to start so
                raise ClientError(403, "No persisted-query manifest is configured", code="QUERY_NOT_IN_SAFELIST")
            return self.safelist.admit(data)
        return await self.persisted_queries.resolve(data)

    async def __call__(self, scope, receive, send) -> None:
        """Every refusal is JSON with a code (web/errors.py); nothing a client sends is a 500."""
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except ClientError as exc:
            return await send_error(scope, send, exc.status, exc.message, exc.headers, **exc.extensions)
        except HTTPException as exc:
            return await send_error(scope, send, exc.status_code, exc.reason)
        except BodyTooLarge:
            raise
        except ClientDisconnect:  # gone before its body arrived (or cut off by web/http_guard.py): no one to answer
            log.warning("client disconnected request_id=%s before its request was read", scope.get("request_id"))
            return None
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
            result = await super().execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )
        except HTTPException as exc:
            if isinstance(exc.__cause__, InvalidOperationTypeError) and request_adapter.method == "GET":
                raise ClientError(405, "Mutations are sent with POST", headers={"Allow": "POST"}) from exc
            raise
        # A persisted query is kept only once it parsed and validated (it then has data or field errors).
        if result.data is not None or any(error.path for error in result.errors or ()):
            await self.persisted_queries.register(request_data)
        return result

    async def render_graphql_ide(self, request: Request) -> Response:
        # Our own page over assets we serve (static/graphiql), so GraphiQL needs no CDN.
        return HTMLResponse(GRAPHIQL_PAGE)

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        ticket = admission.current.get()
        if ticket is not None and ticket.refused:  # by the cost stage: the HTTP stage's answer, 503 and Retry-After
            budget = ticket.budget
            log.warning(
                "refused request_id=%s by cost: %d of %d in use, %d waiting",
                request.scope.get("request_id"),
                budget.in_use,
                budget.capacity,
                budget.waiting,
            )
            retry = budget.retry_after_seconds
            raise ClientError(
                503,
                admission.refusal_message(retry),
                headers={"Retry-After": str(retry)},
                retryAfterSeconds=retry,
            )
        # Parse errors end the request before the schema's extensions finish: give them codes here too.
        if result.errors:
            result.errors = classify_all(result.errors, request.scope.get("request_id"))
            if self.settings.production:  # variable and enum errors can still carry suggestions
                for error in result.errors:
                    error.message = without_suggestions(error.message)
        codes = [str((error.extensions or {}).get("code")) for error in result.errors or []]
        record_graphql_outcome(request.scope.get(OPERATION_NAME), result.data is not None, codes)
        stats = request_stats.current()
        if stats is not None:
            stats.error_codes.extend(codes)
        return await super().process_result(request, result)

    async def execute_operation(
        self, request: Request, request_adapter: Any, request_data: Any, *args: Any, **kwargs: Any
    ) -> Any:
        if isinstance(request_data, list):
            request_data = [await self.admit(request, item) for item in request_data]
        else:
            request_data = await self.admit(request, request_data)
        named: str | None = None
        if not isinstance(request_data, list):  # the access log's operation name (web/access_log.py)
            named = request_data.operation_name
            if named is None and isinstance(request_data.query, str):
                match = NAMED_OPERATION.match(request_data.query)
                named = match.group(1) if match else None
            if named is not None:  # a client's string goes into a log line: only a GraphQL name
                named = named if isinstance(named, str) and GRAPHQL_NAME.fullmatch(named) else "(not a name)"
            request.scope[OPERATION_NAME] = named
        span: contextlib.AbstractContextManager[object] = contextlib.nullcontext()
        if not isinstance(request_data, list):
            kind = operation_type(request_data.query, named)
            # Name and type only: never the document or its variables, which carry people's identifiers.
            attributes = {"graphql.operation.type": kind, "graphql.operation.name": named or ""}
            span = tracing.span(f"{kind} {named or ''}".strip(), SpanKind.INTERNAL, attributes)
        seconds = self.settings.request_deadline_seconds
        # Upstream calls stop a little before the deadline (upstream/deadline.py), so a slow upstream
        # is a typed field error with the rest of the answer; at the deadline itself whatever is
        # still running is cancelled and the whole request answers REQUEST_TIMEOUT.
        limit = asyncio.timeout(seconds)
        try:
            with span, request_deadline(seconds):
                async with limit:
                    return await super().execute_operation(request, request_adapter, request_data, *args, **kwargs)
        except TimeoutError:
            if not limit.expired():
                raise
        log.warning("request timed out request_id=%s after %.1fs", request.scope.get("request_id"), seconds)
        return ExecutionResult(
            data=None,
            errors=[
                GraphQLError(
                    f"The request did not finish within its deadline of {seconds:g} seconds",
                    extensions={"code": "REQUEST_TIMEOUT"},
                )
            ],
        )

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)  # several times faster than json.dumps on a 100-person answer

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        request_id = request.scope.get("request_id") or uuid.uuid4().hex
        consumer = request.scope["consumer"]
        return request_context(self.upstreams, self.settings, self.caches, self.audit_sink, consumer, request_id)


def shared_caches(settings: CacheSettings, shared: SharedEntries | None = None) -> SharedCaches:
    """One store per process, shared by all its requests (upstream/cache.py); in front of Redis's
    entries, which every replica shares, when there is a `shared` store (REDIS_URL)."""
    near = MemoryStore(settings.max_entries)
    store: CacheStore = TieredStore(near, shared, settings.near_ttl_seconds) if shared else near
    return SharedCaches.build(
        store, settings.locations_ttl_seconds, settings.identity_ttl_seconds, settings.reference_data_ttl_seconds
    )


def create_served_app() -> Starlette:
    """The factory `person-graph serve` gives uvicorn (once per worker process): the app, with the
    garbage collector set for a long-running server once it has started (web/gc_policy.py)."""
    return create_app(settle_heap=True)


def create_app(
    settings: Settings | None = None,
    embedded_simulator=None,
    audit_sink: AuditSink | None = None,
    settle_heap: bool = False,
) -> Starlette:
    """`embedded_simulator`: a simulator.app.Simulator to use instead of building one (tests).
    `settle_heap`: freeze what start-up built and collect garbage less often (a server process of its
    own; not in a test process, which builds many apps and would keep them all)."""
    settings = settings or Settings.from_env()
    simulator = embedded_simulator
    if settings.embedded and simulator is None:
        from simulator.app import create_simulator  # only the embedded default needs the simulator

        simulator = create_simulator(size=settings.simulator_size, seed=settings.simulator_seed)
    upstreams = build_upstreams(settings, embedded_app=simulator.app if simulator else None)
    schema = build_schema()
    authenticator = build_authenticator(settings, upstreams, simulator, guarded_fields(schema))
    safelist = Safelist(load_manifest(settings.persisted_queries_file)) if settings.persisted_queries_file else None
    if safelist is None and authenticator.consumers.safelisted:
        names = ", ".join(authenticator.consumers.safelisted)
        raise SystemExit(f"Consumers with safelist: true ({names}) need PERSISTED_QUERIES_FILE (a manifest)")
    store = build_store(settings.redis_url, settings.redis_timeout_seconds)
    caches = shared_caches(settings.caches, store if settings.redis_url else None)
    sink = audit_sink or LogAuditSink()
    # Admission before the token check and everything else, but after the body is read: a slow upload
    # must not hold one of its slots (web/body_first.py); the body is bounded in size (BodyLimit) and
    # in time (web/http_guard.py) before it.
    admission = Admission(
        GraphQLResponseMediaType(
            Authenticated(
                RateLimited(
                    GraphQLApp(schema, upstreams, settings, sink, store, safelist, caches=caches),
                    store,
                ),
                authenticator,
            )
        ),
        settings.admission,
    )
    graphql = BodyLimit(BodyFirst(admission), settings.limits.max_body_bytes)

    # An image's JPEG (Person.images' url): authenticated and rate-limited as /graphql, never the
    # GraphiQL page's pass.
    images = LoggedAs(
        Authenticated(RateLimited(ImageRoute(upstreams, settings, caches, sink), store), authenticator, graphiql=False),
        IMAGE_ROUTE,
    )

    tracing.configure()  # on only with OTEL_EXPORTER_OTLP_ENDPOINT (or an exporter a test installed)
    lifecycle = Lifecycle(drain_seconds=settings.shutdown_drain_seconds)
    # More components (a shared store) are more entries in this list; readiness checks the required ones.
    components = upstream_components(upstreams)
    if settings.redis_url:  # Redis down: still answering, from in-process state, but not ready
        components.append(store_component(store))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        lifecycle.handle_sigterm()
        if settle_heap:
            gc_policy.settle_heap(settings.gc_young_threshold)
        lifecycle.started()
        yield
        lifecycle.drain()
        await drain_audit_writes()  # records still naming people by CRN use the upstream clients
        await upstreams.aclose()
        await store.aclose()

    mode = "embedded" if settings.embedded else "upstreams"
    routes = [
        # Each upstream's circuit breaker: closed, open or half_open (upstream/breaker.py).
        *health_routes(
            components,
            lifecycle,
            settings.health_timeout_seconds,
            mode,
            state=lambda: {"breakers": upstreams.breaker_states()},
        ),
        *info_routes(),
        *(metrics_routes() if settings.metrics_port is None else []),  # else on its own port (cli.py)
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route(IMAGE_ROUTE, images, methods=["GET"]),
        Mount("/graphiql", StaticFiles(directory=GRAPHIQL_ASSETS)),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.simulator = simulator
    app.state.upstreams = upstreams
    app.state.lifecycle = lifecycle
    app.state.health_components = components
    app.add_middleware(RequestMetrics)
    app.state.store = store
    app.add_middleware(Cors, allowed_origins=settings.cors_origins)  # inside the access log: preflights are logged
    app.state.caches = caches
    app.state.admission = admission
    app.add_middleware(AccessLogMiddleware)
    app.add_middleware(TraceRequests, paths=frozenset(getattr(route, "path", "") for route in routes))
    app.add_middleware(RequestId)  # outermost: the access log and everything inside see the request id
    return app
