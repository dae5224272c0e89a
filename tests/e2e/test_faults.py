"""The fault suite: each upstream in turn down, slow, flaky and answering malformed JSON, through the
standalone simulator and the graph as real processes.

Whatever the fault, the answer's errors are typed (UPSTREAM_UNAVAILABLE or UPSTREAM_TIMEOUT) and
name only the sick upstream, and every field they do not null is what the healthy graph answers.
A down upstream opens its circuit breaker (seen in /health), which stops calls to it and closes
again once the upstream is back; retries stay within the retry budget (simulator counters).
"""

from __future__ import annotations

import copy
import time
from collections.abc import Iterator

import httpx
import pytest

from bench.queries import S1_QUERY
from settings import UPSTREAMS
from tests.e2e.conftest import no_traceback
from tests.e2e.servers import Deployment, free_port, graph_environment, start, stop

PERSON = "A1234BC"  # well known: touches every upstream (docs/simulator.md)
LIST = """{ prison(prisonId: "MDI") { prisoners(perPage: 3) { items { lastName alerts { items { code } } } } } }"""
FAULTS = {
    "down": {"type": "status", "status": 503},
    "slow": {"type": "timeout", "seconds": 3},  # past the graph's 1 s read timeout (2 s a whole attempt)
    "flaky": {"type": "status", "status": 503, "rate": 0.5},
    "malformed": {"type": "malformed"},
}
OPEN_SECONDS = 1


def graph_process(deployment: Deployment, **env: str) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = start(["serve", "--port", str(port)], graph_environment(deployment.simulator_url, **env), f"{url}/health")
    try:
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="module")
def graph_url(deployment: Deployment) -> Iterator[str]:
    """A graph with a quick breaker (5 attempts in 30 s, half of them failed, open 1 s)."""
    yield from graph_process(
        deployment,
        UPSTREAM_TIMEOUT_SECONDS="1",
        UPSTREAM_BREAKER_MINIMUM_CALLS="5",
        # Long enough to hold five failed attempts on a busy machine (one per query once the budget is spent).
        UPSTREAM_BREAKER_WINDOW_SECONDS="30",
        UPSTREAM_BREAKER_OPEN_SECONDS=str(OPEN_SECONDS),
        REQUEST_DEADLINE_SECONDS="8",
        # Every query reaches its upstreams: no shared cache answers in their place.
        LOCATIONS_CACHE_TTL_SECONDS="0",
        IDENTITY_CACHE_TTL_SECONDS="0",
        REFERENCE_DATA_CACHE_TTL_SECONDS="0",
    )


@pytest.fixture(scope="module")
def client(deployment: Deployment, graph_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=graph_url,
        timeout=30,
        event_hooks={"response": [no_traceback]},
        headers={"Authorization": f"Bearer {deployment.token('full-access-client')}"},
    ) as client:
        yield client


def ask_person(client: httpx.Client) -> dict:
    response = client.post("/graphql", json={"query": S1_QUERY, "variables": {"id": PERSON}})
    assert response.status_code == 200, response.text
    return response.json()


def breakers(client: httpx.Client) -> dict[str, str]:
    return client.get("/health").json()["breakers"]


def calls_to(deployment: Deployment, upstream: str) -> int:
    endpoints = deployment.admin("GET", "/counters").json()["endpoints"]
    return sum(n for key, n in endpoints.items() if key.split(" ", 1)[0] == upstream)


def wait_until_closed(client: httpx.Client, upstream: str) -> None:
    """Sends the query (a half-open breaker's probe) until the breaker is closed; bounded."""
    deadline = time.monotonic() + 30
    while breakers(client)[upstream] != "closed":
        assert time.monotonic() < deadline, f"{upstream}'s breaker did not close: {breakers(client)}"
        time.sleep(0.5)
        ask_person(client)


def nulled_where_failed(healthy: dict, answer: dict) -> dict:
    """The healthy answer with null wherever the faulty answer's errors nulled something (the error's
    field, or the nearest parent its null propagated to)."""
    expected = copy.deepcopy(healthy["data"])
    for error in answer.get("errors", []):
        path = error["path"]
        got: object = answer["data"]
        for depth in range(len(path)):
            if got is None:
                break
            got = got[path[depth]]  # type: ignore[index]
        else:
            depth = len(path)
        if got is not None:
            continue
        stop_at = depth if answer["data"] is not None else 0
        if stop_at == 0:
            return {}
        parent = expected
        for key in path[: stop_at - 1]:
            parent = parent[key]
        parent[path[stop_at - 1]] = None
    return expected


@pytest.fixture(scope="module")
def healthy(deployment: Deployment, client: httpx.Client) -> dict:
    deployment.admin("DELETE", "/faults")
    answer = ask_person(client)
    assert "errors" not in answer and answer["data"]["person"]["hmppsId"]
    return answer


# The upstreams a whole profile (bench's S1) reads. Each other upstream's failure is tested per field,
# in its module under tests/fields/ (the field nulled, typed and naming it, the rest answered).
S1_UPSTREAMS = [
    "prisoner-search",
    "probation-search",
    "delius",
    "prison-api",
    "alerts",
    "locations",
    "risks",
    "visits",
    "contacts",
]


def test_the_list_names_upstreams_the_graph_has():
    assert set(S1_UPSTREAMS) <= set(UPSTREAMS)


@pytest.mark.parametrize("upstream", S1_UPSTREAMS)
def test_each_upstream_down_slow_flaky_and_malformed(deployment, client, healthy, upstream):
    deployment.admin("DELETE", "/counters")
    ask_person(client)
    assert calls_to(deployment, upstream) > 0, f"the query does not reach {upstream}"
    try:
        for fault_name, fault in FAULTS.items():
            deployment.admin("DELETE", "/faults")
            wait_until_closed(client, upstream)
            deployment.admin("POST", "/faults", {"target": upstream, **fault})
            answer = ask_person(client)
            errors = answer.get("errors", [])
            if fault_name != "flaky":  # flaky may be retried into a whole answer
                assert errors, (fault_name, answer)
            for error in errors:
                assert error["extensions"]["upstream"] == upstream, (fault_name, error)
                expected = {"slow": {"UPSTREAM_TIMEOUT"}}.get(fault_name, {"UPSTREAM_UNAVAILABLE"})
                assert error["extensions"]["code"] in expected, (fault_name, error)
                assert "Traceback" not in error["message"] and "http" not in error["message"]
            if answer["data"] is not None:
                assert answer["data"] == nulled_where_failed(healthy, answer), fault_name

        # Down: the breaker opens, and while it is open the upstream is not called at all.
        deployment.admin("DELETE", "/faults")
        wait_until_closed(client, upstream)
        deployment.admin("POST", "/faults", {"target": upstream, **FAULTS["down"]})
        give_up = time.monotonic() + 60  # a bound only to detect a breaker that never opens
        while breakers(client)[upstream] != "open" and time.monotonic() < give_up:
            ask_person(client)
        assert breakers(client)[upstream] == "open"
        assert {name for name, state in breakers(client).items() if state != "closed"} == {upstream}
        before = calls_to(deployment, upstream)
        answer = ask_person(client)
        if breakers(client)[upstream] == "open":  # still within its open time
            assert calls_to(deployment, upstream) == before
            assert {e["extensions"]["code"] for e in answer["errors"]} == {"UPSTREAM_UNAVAILABLE"}

        # Back up: a probe closes the breaker and the answer is whole again.
        deployment.admin("DELETE", "/faults")
        wait_until_closed(client, upstream)
        assert ask_person(client) == healthy
    finally:
        deployment.admin("DELETE", "/faults")


def test_retries_stay_within_the_budget(deployment: Deployment):
    """Breaker out of the way (it would stop the calls first): 20 requests to a down upstream make
    at most 3 + 10% of 20 retries, not the 40 that two retries each would make."""
    graph = graph_process(
        deployment,
        UPSTREAM_BREAKER_MINIMUM_CALLS="100000",
        UPSTREAM_RETRY_BUDGET_WINDOW_SECONDS="600",
    )
    url = next(graph)
    try:
        with httpx.Client(
            base_url=url, timeout=30, headers={"Authorization": f"Bearer {deployment.token('full-access-client')}"}
        ) as client:
            deployment.admin("DELETE", "/faults")
            deployment.admin("POST", "/faults", {"target": "alerts", "type": "status", "status": 503})
            deployment.admin("DELETE", "/counters")
            for _ in range(20):
                body = client.post("/graphql", json={"query": LIST}).json()
                assert {e["extensions"]["code"] for e in body["errors"]} == {"UPSTREAM_UNAVAILABLE"}
            retries = calls_to(deployment, "alerts") - 20
            assert 3 <= retries <= 3 + 0.1 * 20
    finally:
        deployment.admin("DELETE", "/faults")
        next(graph, None)
