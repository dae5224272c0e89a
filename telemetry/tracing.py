"""OpenTelemetry traces: off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (or a test installs an exporter).

Spans carry names and templates only: the HTTP request (method and route), the GraphQL operation
(name and type, never its arguments or text), each upstream request (upstream, method, route
template). The W3C traceparent of the current span goes to upstreams with each request.

Not the ASGI/Starlette and httpx instrumentations: they record full URLs (a GET /graphql query
string, a person's identifier in an upstream path), which must not leave the process.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping, MutableMapping

from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter
from opentelemetry.trace import Span, SpanKind

ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT"
SERVICE_NAME = "hmpps-person-graph"
_state: dict[str, bool] = {"enabled": False, "provider_set": False}


def enabled() -> bool:
    return _state["enabled"]


def configure(exporter: SpanExporter | None = None) -> bool:
    """Turns tracing on when an OTLP endpoint is configured, or with `exporter` (tests: in memory).

    The provider is set once per process (OpenTelemetry's global provider cannot be replaced); without
    an endpoint or exporter nothing changes.
    """
    if exporter is None and not os.environ.get(ENDPOINT):
        return _state["enabled"]
    if not _state["provider_set"]:
        resource = Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", SERVICE_NAME)})
        provider = TracerProvider(resource=resource)
        if exporter is not None:
            provider.add_span_processor(SimpleSpanProcessor(exporter))
        else:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            # Reads the endpoint, headers and timeout from the standard OTEL_EXPORTER_OTLP_* variables.
            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        trace.set_tracer_provider(provider)
        _state["provider_set"] = True
    _state["enabled"] = True
    return True


def disable() -> None:
    """Stops making spans (tests that turned tracing on turn it off again; the provider stays)."""
    _state["enabled"] = False


@contextlib.contextmanager
def span(
    name: str,
    kind: SpanKind,
    attributes: Mapping[str, str | int],
    parent_headers: Mapping[str, str] | None = None,
) -> Iterator[Span | None]:
    """A span around the block when tracing is on (None otherwise); `parent_headers` continue a caller's trace."""
    if not _state["enabled"]:
        yield None
        return
    context = propagate.extract(parent_headers) if parent_headers is not None else None
    tracer = trace.get_tracer("person_graph")
    with tracer.start_as_current_span(name, context=context, kind=kind, attributes=dict(attributes)) as current:
        yield current


def inject(headers: MutableMapping[str, str]) -> None:
    """Adds `traceparent` (and `tracestate`) for the current span, when tracing is on."""
    if _state["enabled"]:
        propagate.inject(headers)
