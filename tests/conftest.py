"""Shared fixtures: one simulator population per session, a fresh graph app per test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from server import create_app
from settings import Settings
from simulator.app import Simulator, create_simulator
from tests.redis_server import NOT_INSTALLED, RedisServer, redis_server_binary

POPULATION_SIZE = 4000  # the default: MDI holds over 1,000 people, enough for every list test
SEED = 1


@pytest.fixture(scope="session")
def session_simulator() -> Simulator:
    return create_simulator(size=POPULATION_SIZE, seed=SEED)


@pytest.fixture
def simulator(session_simulator: Simulator) -> Iterator[Simulator]:
    """The session's simulator with clean counters, no latency and no faults."""
    controls = session_simulator.controls
    controls.reset_counters()
    controls.latency.clear()
    controls.faults.clear()
    yield session_simulator
    controls.latency.clear()
    controls.faults.clear()


@pytest.fixture
def population(session_simulator: Simulator):
    return session_simulator.population


@pytest.fixture
async def graph(simulator: Simulator) -> AsyncIterator[httpx.AsyncClient]:
    """The graph in-process (embedded default) over ASGI, against the session simulator."""
    app = create_app(Settings(timeout_seconds=2.0), embedded_simulator=simulator)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        yield client
    await app.state.upstreams.aclose()


async def query(client: httpx.AsyncClient, document: str, **variables: object) -> dict:
    response = await client.post("/graphql", json={"query": document, "variables": variables})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A real redis-server of its own (free port, temporary directory), stopped after the test."""
    binary = redis_server_binary()
    if binary is None:
        pytest.skip(NOT_INSTALLED)
    server = RedisServer(binary)
    server.start()
    try:
        yield server
    finally:
        server.close()
