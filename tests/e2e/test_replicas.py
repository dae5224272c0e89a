"""Two graph processes (replicas) against one real redis-server, as they run behind a load balancer.

A persisted query registered through one is served by the other; one consumer's rate limit is shared
by both; stopping Redis mid-run makes /health and readiness say so on both while requests are still answered.
A location (and a NOMIS number's CRN) fetched through one is served to the other from the shared caches
in Redis, and with Redis stopped both go on answering the same, from their own process caches.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from tests.e2e.servers import Deployment, free_port, graph_environment, start, stop
from tests.redis_server import RedisServer

CONSUMERS = {
    "roles": {"full-access": {"include": ["*"]}},
    "consumers": {
        "full-access-client": {"roles": ["full-access"]},
        "three-a-minute": {"roles": ["full-access"], "rateLimit": {"requestsPerMinute": 3}},
    },
}
QUERY = '{ person(hmppsId: "A1234BC") { hmppsId firstName } }'
PERSISTED = {"persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(QUERY.encode()).hexdigest()}}


@pytest.fixture
def replicas(deployment: Deployment, redis_server: RedisServer, tmp_path: Path) -> Iterator[list[str]]:
    consumers = tmp_path / "consumers.yml"
    consumers.write_text(yaml.safe_dump(CONSUMERS))
    env = graph_environment(deployment.simulator_url, REDIS_URL=redis_server.url, CONSUMERS_FILE=str(consumers))
    urls: list[str] = []
    processes = []
    try:
        for _ in range(2):
            url = f"http://127.0.0.1:{free_port()}"
            processes.append(start(["serve", "--port", url.rsplit(":", 1)[1]], env, f"{url}/health"))
            urls.append(url)
        yield urls
    finally:
        for process in processes:
            stop(process)


def post(url: str, token: str, body: dict) -> httpx.Response:
    return httpx.post(f"{url}/graphql", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def redis_health(url: str) -> dict:
    return httpx.get(f"{url}/health", timeout=10).json()["components"]["redis"]


def ready(url: str) -> bool:
    return httpx.get(f"{url}/health/readiness", timeout=10).status_code == 200


def test_two_replicas_share_persisted_queries_and_rate_limits_and_survive_redis_stopping(
    deployment: Deployment, replicas: list[str], redis_server: RedisServer
):
    one, two = replicas
    token = deployment.token("full-access-client")
    assert [redis_health(url)["status"] for url in replicas] == ["UP", "UP"]
    assert [ready(url) for url in replicas] == [True, True]

    # A persisted query registered through one replica is served by the other.
    not_found = post(two, token, {"extensions": PERSISTED}).json()
    assert not_found["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    registered = post(one, token, {"query": QUERY, "extensions": PERSISTED}).json()
    assert registered["data"]["person"]["hmppsId"] == "X123456"
    assert post(two, token, {"extensions": PERSISTED}).json() == registered

    # One consumer's rate limit is counted across both.
    limited = deployment.token("three-a-minute")
    assert [post(url, limited, {"query": QUERY}).status_code for url in (one, two, one)] == [200, 200, 200]
    refused = post(two, limited, {"query": QUERY})
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"

    # Redis stops: health says so on both, and requests are still answered from in-process state.
    redis_server.stop()
    for url in replicas:
        health = redis_health(url)
        assert health["status"] == "DOWN" and health["details"]["fallback"] == "in-process state"
        assert not ready(url)  # a replica on its own state takes no new traffic from the load balancer
        answer = post(url, token, {"query": QUERY}).json()
        assert answer["data"]["person"]["hmppsId"] == "X123456"
    # APQ goes on per replica: a hash unknown here is registered again, and then served here.
    assert post(two, token, {"extensions": PERSISTED}).json()["errors"][0]["message"] == "PersistedQueryNotFound"
    assert post(two, token, {"query": QUERY, "extensions": PERSISTED}).json() == registered
    assert post(two, token, {"extensions": PERSISTED}).json() == registered


WING = """query Cells($page: Int!) { prison(prisonId: "MDI") { prisoners(page: $page, perPage: 10) { items {
  identifiers { nomisNumber deliusCrn }
  cellLocation { cell location { key locationType capacity { maxCapacity } hierarchy { key level } } } } } } }"""
LOCATIONS = "locations POST /locations/keys"


def wing(url: str, token: str, page: int) -> dict:
    answer = post(url, token, {"query": WING, "variables": {"page": page}}).json()
    assert "errors" not in answer, answer
    return answer


def counted(deployment: Deployment) -> dict[str, int]:
    return {k: v for k, v in deployment.admin("GET", "/counters").json()["endpoints"].items() if v}


def test_a_location_fetched_through_one_replica_is_served_by_the_other_from_redis_and_survives_redis_stopping(
    deployment: Deployment, replicas: list[str], redis_server: RedisServer, full_access: httpx.Client
):
    one, two = replicas
    token = deployment.token("full-access-client")
    deployment.admin("DELETE", "/counters")
    first = wing(one, token, page=1)
    assert counted(deployment)[LOCATIONS] == 1

    deployment.admin("DELETE", "/counters")
    assert wing(two, token, page=1) == first
    served = counted(deployment)
    assert LOCATIONS not in served and not [k for k in served if k.startswith("probation-search")], served

    # Redis stops: each replica fetches what it lacks and keeps it in process; the answers stay right
    # (the session's own graph, with no shared caches, answers the same pages).
    redis_server.stop()
    assert wing(two, token, page=1) == first
    for url in replicas:
        assert (
            wing(url, token, page=2)
            == full_access.post("/graphql", json={"query": WING, "variables": {"page": 2}}).json()
        )
    deployment.admin("DELETE", "/counters")
    wing(two, token, page=2)
    assert LOCATIONS not in counted(deployment)  # kept in that process meanwhile
