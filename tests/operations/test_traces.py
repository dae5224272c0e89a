"""OpenTelemetry spans in memory: the HTTP request, the GraphQL operation, each upstream request,
and the caller's trace id reaching the upstream (the simulator records the traceparent it receives)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from telemetry import tracing

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"
EXPORTER = InMemorySpanExporter()


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    tracing.configure(EXPORTER)
    EXPORTER.clear()
    yield EXPORTER
    tracing.disable()
    EXPORTER.clear()


async def test_a_trace_continues_from_the_caller_to_the_upstreams(graph, simulator, spans):
    document = "query Who($id: ID!) { person(hmppsId: $id) { firstName alerts { items { code } } } }"
    response = await graph.post(
        "/graphql", json={"query": document, "variables": {"id": "A1234BC"}}, headers={"traceparent": TRACEPARENT}
    )
    assert "errors" not in response.json()
    finished = spans.get_finished_spans()
    by_name = {span.name: span for span in finished}
    assert {span.context.trace_id for span in finished} == {int(TRACE_ID, 16)}
    server, operation = by_name["POST /graphql"], by_name["query Who"]
    assert operation.parent.span_id == server.context.span_id
    assert dict(operation.attributes) == {"graphql.operation.type": "query", "graphql.operation.name": "Who"}
    assert server.attributes["http.response.status_code"] == 200
    upstream = [span for span in finished if span.attributes.get("upstream")]
    assert {span.name for span in upstream} == {
        "POST /prisoner-search/prisoner-numbers",
        "POST /nomsNumbers",
        "POST /search/alerts/prison-numbers",
    }
    # Names and templates only: no identifier, name or variable in any span.
    texts = " ".join(f"{span.name} {dict(span.attributes)}" for span in finished)
    first_name = response.json()["data"]["person"]["firstName"]
    assert "A1234BC" not in texts and "X123456" not in texts and first_name not in texts
    # The simulator saw the caller's trace id on the upstream requests.
    received = list(simulator.controls.traceparents)
    assert received and all(tp.split("-")[1] == TRACE_ID for tp in received)


async def test_no_trace_headers_reach_upstreams_when_tracing_is_off(graph, simulator):
    assert not tracing.enabled()
    await graph.post(
        "/graphql", json={"query": '{ person(hmppsId: "A1234BC") { firstName } }'}, headers={"traceparent": TRACEPARENT}
    )
    assert simulator.controls.endpoint_calls and not simulator.controls.traceparents
