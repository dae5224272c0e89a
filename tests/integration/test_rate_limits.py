"""Per-consumer rate limits from the consumers file: 429 with Retry-After and a JSON error, shared by replicas."""

from __future__ import annotations

from tests.integration.conftest import bearer
from tests.redis_server import RedisServer

QUERY = '{ person(hmppsId: "A1234BC") { hmppsId firstName alerts { items { code } } } }'


def limited(response, what: str) -> None:
    assert response.status_code == 429, response.text
    retry_after = int(response.headers["retry-after"])
    assert 1 <= retry_after <= 60
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert error["extensions"]["retryAfterSeconds"] == retry_after
    assert error["extensions"]["limit"] == what


async def test_requests_past_the_consumers_limit_are_429_and_other_consumers_go_on(graph_with, simulator):
    graph = await graph_with()
    headers = bearer(simulator, "three-a-minute")
    for _ in range(3):
        assert (await graph.post("/graphql", json={"query": QUERY}, headers=headers)).status_code == 200
    limited(await graph.post("/graphql", json={"query": QUERY}, headers=headers), "3 requests per minute")
    other = await graph.post("/graphql", json={"query": QUERY}, headers=bearer(simulator, "full-access-client"))
    assert other.status_code == 200


async def test_a_consumers_requests_are_counted_across_replicas_in_redis(
    graph_with, simulator, redis_server: RedisServer
):
    one, two = await graph_with(redis_url=redis_server.url), await graph_with(redis_url=redis_server.url)
    headers = bearer(simulator, "three-a-minute")
    statuses = [
        (await graph.post("/graphql", json={"query": QUERY}, headers=headers)).status_code for graph in (one, two, one)
    ]
    assert statuses == [200, 200, 200]
    limited(await two.post("/graphql", json={"query": QUERY}, headers=headers), "3 requests per minute")


async def test_upstream_requests_are_counted_and_refuse_the_next_request_once_spent(graph_with, simulator):
    graph = await graph_with()
    headers = bearer(simulator, "upstream-limited")
    simulator.controls.reset_counters()
    first = await graph.post("/graphql", json={"query": QUERY}, headers=headers)
    assert first.status_code == 200 and first.json()["data"]["person"]["hmppsId"] == "X123456"
    upstream_calls = sum(simulator.controls.endpoint_calls.values())
    assert upstream_calls >= 3  # the person, their CRN and their alerts: the minute's budget of 3 is spent
    limited(await graph.post("/graphql", json={"query": QUERY}, headers=headers), "3 upstream requests per minute")
    assert sum(simulator.controls.endpoint_calls.values()) == upstream_calls  # the refused one called nothing


async def test_a_request_that_calls_no_upstream_spends_none_of_the_upstream_budget(graph_with, simulator):
    graph = await graph_with()
    headers = bearer(simulator, "upstream-limited")
    for _ in range(5):
        response = await graph.post("/graphql", json={"query": "{ __typename }"}, headers=headers)
        assert response.status_code == 200


async def test_image_fetches_count_against_the_consumers_requests(graph_with, simulator):
    graph = await graph_with()
    headers = bearer(simulator, "three-a-minute")
    body = (
        await graph.post(
            "/graphql",
            json={"query": '{ person(hmppsId: "A1234BC") { images { items { url } } } }'},
            headers=headers,
        )
    ).json()
    url = body["data"]["person"]["images"]["items"][0]["url"]
    assert (await graph.get(url, headers=headers)).status_code == 200
    assert (await graph.get(url, headers=headers)).status_code == 200
    limited(await graph.get(url, headers=headers), "3 requests per minute")
