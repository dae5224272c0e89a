"""The shared caches kept in a real redis-server (REDIS_URL): two graphs, each with its own process
caches, over one Redis and the simulator, as two replicas would be.

- A wing list fetched through one graph is served to the other from Redis: no locations, no
  probation-search and no reference-data requests, and the same answer.
- An entry lives in Redis for its space's time to live, then is fetched again.
- Every consumer's answer is the same with the caches warm in Redis as cold (upstream data only).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from access.audit import MemoryAuditSink
from bench.queries import S2_QUERY
from schema.audit import drain_audit_writes
from server import create_app
from settings import CacheSettings, Settings
from tests.redis_server import RedisServer

LOCATIONS = "locations POST /locations/keys"
VARIABLES = {"prisonId": "MDI", "page": 1, "perPage": 10}
REFERENCE_DATA = "query ReferenceData { referenceData { __typename } }"


async def graph(simulator, redis_url: str, caches: CacheSettings | None = None) -> Starlette:
    return create_app(
        Settings(timeout_seconds=2.0, redis_url=redis_url, caches=caches or CacheSettings()),
        embedded_simulator=simulator,
        audit_sink=MemoryAuditSink(),
    )


@pytest.fixture
async def replicas(simulator, redis_server: RedisServer) -> AsyncIterator[list[Starlette]]:
    apps = [await graph(simulator, redis_server.url) for _ in range(2)]
    yield apps
    await drain_audit_writes()
    for app in apps:
        await app.state.upstreams.aclose()
        await app.state.store.aclose()


async def post(app: Starlette, simulator, document: str, variables: dict | None = None, consumer: str = "") -> dict:
    token = simulator.auth.issue(consumer or "full-access-client", [])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        response = await client.post(
            "/graphql",
            json={"query": document, "variables": variables or {}},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 200, response.text
    await drain_audit_writes()
    return response.json()


def calls(simulator) -> dict[str, int]:
    return {k: v for k, v in simulator.controls.endpoint_calls.items() if v}


def cached_upstreams(counted: dict[str, int]) -> list[str]:
    """Requests for what the shared caches hold: locations, the NOMIS number -> CRN link, reference data."""
    return [
        k
        for k in counted
        if k == LOCATIONS or k.startswith("probation-search") or "reference" in k or "/reference-data" in k
    ]


async def test_a_wing_list_fetched_through_one_graph_is_served_to_the_other_from_redis(simulator, replicas):
    one, two = replicas
    first = await post(one, simulator, S2_QUERY, VARIABLES)
    assert "errors" not in first
    assert calls(simulator)[LOCATIONS] == 1
    simulator.controls.reset_counters()
    assert await post(two, simulator, S2_QUERY, VARIABLES) == first
    assert cached_upstreams(calls(simulator)) == []
    assert "prisoner-search GET /prison/{prisonId}/prisoners" in calls(simulator)  # people are never cached

    reference = await post(one, simulator, REFERENCE_DATA)
    simulator.controls.reset_counters()
    assert await post(two, simulator, REFERENCE_DATA) == reference
    assert calls(simulator) == {}


async def test_an_entry_is_fetched_again_after_its_time_to_live(simulator, redis_server: RedisServer):
    short = CacheSettings(locations_ttl_seconds=2.0)
    one, two = await graph(simulator, redis_server.url, short), await graph(simulator, redis_server.url, short)
    try:
        await post(one, simulator, S2_QUERY, VARIABLES)
        simulator.controls.reset_counters()
        await post(two, simulator, S2_QUERY, VARIABLES)
        assert LOCATIONS not in calls(simulator)  # from Redis (a bound only: one query well within 2 s)
        await asyncio.sleep(2.1)
        await post(two, simulator, S2_QUERY, VARIABLES)
        assert calls(simulator)[LOCATIONS] == 1
    finally:
        for app in (one, two):
            await app.state.upstreams.aclose()
            await app.state.store.aclose()


@pytest.mark.parametrize(
    "consumer", ["private-prison-operator", "no-prisons-client", "probation-partner", "reference-only"]
)
async def test_every_consumers_answer_is_the_same_with_redis_warm_as_cold(simulator, replicas, consumer):
    one, two = replicas
    cold = await post(one, simulator, S2_QUERY, VARIABLES, consumer)
    await post(one, simulator, S2_QUERY, VARIABLES)  # the full-access consumer fills Redis with everyone's data
    assert await post(two, simulator, S2_QUERY, VARIABLES, consumer) == cold
