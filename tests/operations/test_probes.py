"""/health, /health/liveness, /health/readiness and /info on the embedded default, in-process."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from server import create_app
from settings import UPSTREAMS, Settings
from upstream.errors import UpstreamUnavailable
from web.info import build_info


@asynccontextmanager
async def running(simulator, settings: Settings | None = None) -> AsyncIterator[tuple[httpx.AsyncClient, object]]:
    """The app with its lifespan started (as uvicorn starts it), and a client."""
    app = create_app(settings or Settings(timeout_seconds=2.0), embedded_simulator=simulator)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
            yield client, app


async def test_health_lists_every_upstream_and_hmpps_auth_with_response_times(simulator):
    async with running(simulator) as (client, _):
        response = await client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "UP"
    assert set(body["components"]) == {*UPSTREAMS, "hmpps-auth", "upstream-token"}
    for name, component in body["components"].items():
        assert component["status"] == "UP", name
        assert component["details"]["responseTimeMs"] >= 0
    assert response.headers["cache-control"] == "no-store"


async def test_an_upstream_down_is_down_in_health_but_the_graph_stays_ready(simulator):
    simulator.controls.faults.append(_fault("alerts"))
    async with running(simulator) as (client, _):
        health = await client.get("/health")
        readiness = await client.get("/health/readiness")
    assert health.status_code == 503 and health.json()["status"] == "DOWN"
    components = health.json()["components"]
    assert components["alerts"]["status"] == "DOWN"
    assert all(c["status"] == "UP" for name, c in components.items() if name != "alerts")
    assert readiness.status_code == 200 and readiness.json()["status"] == "UP"


async def test_readiness_needs_an_upstream_token(simulator, monkeypatch):
    async def refused() -> tuple[str, float]:
        raise UpstreamUnavailable("hmpps-auth", "token request answered 503")

    async with running(simulator) as (client, app):
        monkeypatch.setattr(app.state.upstreams.tokens, "_fetch", refused)
        readiness = await client.get("/health/readiness")
        liveness = await client.get("/health/liveness")
    assert readiness.status_code == 503
    assert readiness.json()["components"]["upstream-token"] == {
        "status": "DOWN",
        "details": {
            "responseTimeMs": readiness.json()["components"]["upstream-token"]["details"]["responseTimeMs"],
            "error": "UpstreamUnavailable",
        },
    }
    assert liveness.status_code == 200 and liveness.json() == {"status": "UP"}


async def test_not_ready_while_starting_or_draining(simulator):
    app = create_app(Settings(timeout_seconds=2.0), embedded_simulator=simulator)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        before = await client.get("/health/readiness")  # the lifespan has not started
        async with app.router.lifespan_context(app):
            ready = await client.get("/health/readiness")
            app.state.lifecycle.drain()  # what SIGTERM does first (tests/operations/test_shutdown.py)
            draining = await client.get("/health/readiness")
            live = await client.get("/health/liveness")
    assert (before.status_code, before.json()["phase"]) == (503, "STARTING")
    assert (ready.status_code, ready.json()["phase"]) == (200, "READY")
    assert ready.json()["components"]["upstream-token"]["status"] == "UP"
    assert (draining.status_code, draining.json()["phase"]) == (503, "DRAINING")
    assert live.status_code == 200


async def test_info_names_version_commit_and_build_time(simulator, monkeypatch):
    build_info.cache_clear()
    try:
        async with running(simulator) as (client, _):
            fallback = (await client.get("/info")).json()
        monkeypatch.setenv("BUILD_NUMBER", "2026-11-29.42.abc1234")
        monkeypatch.setenv("GIT_REF", "abc1234def")
        monkeypatch.setenv("BUILD_TIME", "2026-11-29T10:00:00Z")
        build_info.cache_clear()
        async with running(simulator) as (client, _):
            built = (await client.get("/info")).json()
    finally:
        build_info.cache_clear()
    assert fallback["build"]["version"] == "0.1.0"  # pyproject's version, outside an image
    assert re.fullmatch(r"[0-9a-f]{40}|unknown", fallback["git"]["commit"]["id"])
    assert built["build"] == {
        "name": "hmpps-person-graph",
        "version": "2026-11-29.42.abc1234",
        "time": "2026-11-29T10:00:00Z",
    }
    assert built["git"]["commit"]["id"] == "abc1234def"


def _fault(service: str):
    from simulator.controls import FaultRule

    return FaultRule(target=service, type="status", status=503)
