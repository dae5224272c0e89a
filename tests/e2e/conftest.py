from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from simulator.population import Population
from tests.e2e.servers import Deployment, free_port, graph_environment, start, stop

SIZE, SEED = 4000, 1
# Short, so that the timeout tests are quick: an upstream slower than this is UPSTREAM_TIMEOUT.
UPSTREAM_TIMEOUT_SECONDS = "3"  # long enough for 300 requests to a busy simulator on 2 shared cores


@pytest.fixture(scope="session")
def deployment() -> Iterator[Deployment]:
    sim_port, graph_port = free_port(), free_port()
    simulator_url, graph_url = f"http://127.0.0.1:{sim_port}", f"http://127.0.0.1:{graph_port}"
    simulator = start(
        ["simulator", "--port", str(sim_port), "--size", str(SIZE), "--seed", str(SEED)],
        graph_environment(simulator_url),
        f"{simulator_url}/health",
    )
    try:
        graph = start(
            ["serve", "--port", str(graph_port)],
            # Shared caches off: these tests count each query's upstream requests as a first request's
            # (the caches have their own tests: tests/integration/test_shared_caches.py).
            graph_environment(
                simulator_url,
                UPSTREAM_TIMEOUT_SECONDS=UPSTREAM_TIMEOUT_SECONDS,
                LOCATIONS_CACHE_TTL_SECONDS="0",
                IDENTITY_CACHE_TTL_SECONDS="0",
            ),
            f"{graph_url}/health",
        )
        try:
            yield Deployment(simulator_url=simulator_url, graph_url=graph_url)
        finally:
            stop(graph)
    finally:
        stop(simulator)


@pytest.fixture(scope="session")
def world(deployment: Deployment) -> Population:
    """The same population the standalone simulator serves (same size, seed and day)."""
    population = Population(size=SIZE, seed=SEED)
    assert deployment.admin("GET", "/population").json()["today"] == population.today.isoformat()
    return population


@pytest.fixture
def clean(deployment: Deployment) -> Iterator[Deployment]:
    deployment.admin("DELETE", "/faults")
    deployment.admin("DELETE", "/latency")
    deployment.admin("DELETE", "/counters")
    yield deployment
    deployment.admin("DELETE", "/faults")
    deployment.admin("DELETE", "/latency")


def no_traceback(response: httpx.Response) -> None:
    """Every response the e2e tests see: never a stack trace, whatever went wrong."""
    response.read()
    assert "Traceback" not in response.text, response.text[:2000]


@pytest.fixture(scope="session")
def full_access(deployment: Deployment) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=deployment.graph_url,
        timeout=30,
        event_hooks={"response": [no_traceback]},
        headers={"Authorization": f"Bearer {deployment.token('full-access-client')}"},
    ) as client:
        yield client


@pytest.fixture(scope="session")
def anonymous(deployment: Deployment) -> Iterator[httpx.Client]:
    """The graph with no credentials (GraphiQL, 401s)."""
    with httpx.Client(base_url=deployment.graph_url, timeout=30, event_hooks={"response": [no_traceback]}) as client:
        yield client


def ask(client: httpx.Client, document: str, **variables: object) -> dict:
    response = client.post("/graphql", json={"query": document, "variables": variables})
    assert response.status_code == 200, response.text
    assert "Traceback" not in response.text
    return response.json()
