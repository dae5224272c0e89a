"""In-process (embedded simulator): what a failing upstream does to the answer, the audit, /health,
and the request's deadline."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from access.audit import MemoryAuditSink
from server import create_app
from settings import Settings, UpstreamResilience
from simulator.app import Simulator
from simulator.controls import FaultRule, LatencyRule

LIST = """{ prison(prisonId: "MDI") { prisoners(perPage: 3) { items {
  hmppsId lastName alerts { items { code } } } } } }"""

Graph = Callable[..., AsyncIterator[httpx.AsyncClient]]


@pytest.fixture
def audit() -> MemoryAuditSink:
    return MemoryAuditSink()


@pytest.fixture
async def graph_with(simulator: Simulator, audit: MemoryAuditSink):
    apps = []

    def make(settings: Settings) -> httpx.AsyncClient:
        app = create_app(settings, embedded_simulator=simulator, audit_sink=audit)
        apps.append(app)
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph", timeout=30)

    yield make
    for app in apps:
        await app.state.upstreams.aclose()


async def test_a_failed_field_is_audited_as_failed_not_served(graph_with, simulator, audit):
    simulator.controls.faults.append(FaultRule(target="alerts", type="status", status=500))
    async with graph_with(Settings(timeout_seconds=2.0)) as graph:
        body = (await graph.post("/graphql", json={"query": LIST})).json()
    items = body["data"]["prison"]["prisoners"]["items"]
    assert len(items) == 3 and all(item["lastName"] and item["alerts"] is None for item in items)
    assert {e["extensions"]["code"] for e in body["errors"]} == {"UPSTREAM_UNAVAILABLE"}
    assert len(audit.records) == 3
    for record in audit.records:
        assert record.fields["Person.alerts"] == "failed"
        assert record.fields["Person.lastName"] == "served"
        assert record.outcome == "failed"


async def test_upstream_calls_stop_at_the_request_deadline_and_the_rest_answers(graph_with, simulator):
    simulator.controls.latency.append(LatencyRule(target="alerts", ms=20_000))
    async with graph_with(Settings(timeout_seconds=30.0, request_deadline_seconds=1.0)) as graph:
        response = await graph.post("/graphql", json={"query": LIST})
    body = response.json()
    items = body["data"]["prison"]["prisoners"]["items"]
    assert len(items) == 3 and all(item["lastName"] and item["alerts"] is None for item in items)
    assert {(e["extensions"]["code"], e["extensions"]["upstream"]) for e in body["errors"]} == {
        ("UPSTREAM_TIMEOUT", "alerts")
    }


async def test_work_still_running_at_the_deadline_is_cancelled_with_request_timeout(graph_with, simulator, monkeypatch):
    # Upstream calls normally stop before the deadline; let them run past it, so the hard stop acts.
    monkeypatch.setattr("upstream.deadline.upstream_margin", lambda seconds: -30.0)
    simulator.controls.latency.append(LatencyRule(target="alerts", ms=20_000))
    async with graph_with(Settings(timeout_seconds=30.0, request_deadline_seconds=1.0)) as graph:
        plain = await graph.post("/graphql", json={"query": LIST})
        spec = await graph.post(
            "/graphql", json={"query": LIST}, headers={"Accept": "application/graphql-response+json"}
        )
    assert plain.status_code == 200
    assert plain.json()["data"] is None
    assert [e["extensions"]["code"] for e in plain.json()["errors"]] == ["REQUEST_TIMEOUT"]
    assert spec.status_code == 504
    assert [e["extensions"]["code"] for e in spec.json()["errors"]] == ["REQUEST_TIMEOUT"]
    assert simulator.controls.endpoint_calls["alerts POST /search/alerts/prison-numbers"] == 2


async def test_health_shows_each_breaker_and_an_open_one(graph_with, simulator):
    simulator.controls.faults.append(FaultRule(target="alerts", type="status", status=503))
    resilience = UpstreamResilience(breaker_minimum_calls=3, breaker_open_seconds=60, backoff_initial_seconds=0)
    async with graph_with(Settings(timeout_seconds=2.0, resilience=resilience)) as graph:
        assert set((await graph.get("/health")).json()["breakers"].values()) == {"closed"}
        for _ in range(2):
            await graph.post("/graphql", json={"query": LIST})
        breakers = (await graph.get("/health")).json()["breakers"]
        assert breakers["alerts"] == "open"
        assert {name for name, state in breakers.items() if state != "closed"} == {"alerts"}
        calls = simulator.controls.endpoint_calls["alerts POST /search/alerts/prison-numbers"]
        body = (await graph.post("/graphql", json={"query": LIST})).json()
        assert {e["extensions"]["code"] for e in body["errors"]} == {"UPSTREAM_UNAVAILABLE"}
        assert simulator.controls.endpoint_calls["alerts POST /search/alerts/prison-numbers"] == calls  # not called
