"""Automatic persisted queries (Apollo's APQ protocol) through the graph's HTTP app, in-process and in Redis."""

from __future__ import annotations

import hashlib

import orjson
import pytest

from tests.redis_server import RedisServer

QUERY = '{ person(hmppsId: "A1234BC") { hmppsId firstName } }'
SHA = hashlib.sha256(QUERY.encode()).hexdigest()


def persisted(sha: str = SHA, version: int = 1) -> dict:
    return {"persistedQuery": {"version": version, "sha256Hash": sha}}


def not_found(response) -> None:
    assert response.status_code == 200, response.text
    assert response.json() == {
        "errors": [{"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}]
    }
    assert response.headers["cache-control"] == "private, no-cache, must-revalidate"


@pytest.fixture(params=["memory", "redis"])
def redis_url(request) -> str | None:
    return None if request.param == "memory" else request.getfixturevalue("redis_server").url


async def test_an_unknown_hash_is_not_found_then_registered_with_its_query_then_served_by_hash(graph_with, redis_url):
    graph = await graph_with(redis_url=redis_url)
    not_found(await graph.post("/graphql", json={"extensions": persisted()}))

    registered = await graph.post("/graphql", json={"query": QUERY, "extensions": persisted()})
    assert registered.status_code == 200
    answer = registered.json()
    assert answer["data"]["person"]["hmppsId"] == "X123456"

    by_hash = await graph.post("/graphql", json={"extensions": persisted()})
    assert by_hash.json() == answer
    # GET, as Apollo Client's useGETForHashedQueries sends it: cacheable by URL.
    get = await graph.get("/graphql", params={"extensions": orjson.dumps(persisted()).decode()})
    assert get.status_code == 200 and get.json() == answer


async def test_a_get_with_only_a_hash_is_a_query_whatever_it_accepts(graph_with):
    graph = await graph_with()
    params = {"extensions": orjson.dumps(persisted()).decode()}
    for accept in ("*/*", "text/html,application/json"):
        not_found(await graph.get("/graphql", params=params, headers={"Accept": accept}))


async def test_a_hash_registered_through_one_replica_is_served_by_another(graph_with, redis_server: RedisServer):
    one, two = await graph_with(redis_url=redis_server.url), await graph_with(redis_url=redis_server.url)
    await one.post("/graphql", json={"query": QUERY, "extensions": persisted()})
    served = await two.post("/graphql", json={"extensions": persisted()})
    assert served.json()["data"]["person"]["firstName"]


async def test_without_redis_each_replica_keeps_its_own(graph_with):
    one, two = await graph_with(), await graph_with()
    await one.post("/graphql", json={"query": QUERY, "extensions": persisted()})
    not_found(await two.post("/graphql", json={"extensions": persisted()}))


async def test_a_hash_that_is_not_the_querys_is_refused_and_not_registered(graph_with):
    graph = await graph_with()
    other = hashlib.sha256(b"{ __typename }").hexdigest()
    response = await graph.post("/graphql", json={"query": QUERY, "extensions": persisted(other)})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_HASH_MISMATCH"
    not_found(await graph.post("/graphql", json={"extensions": persisted(other)}))


async def test_a_query_that_does_not_validate_is_not_registered(graph_with):
    graph = await graph_with()
    invalid = '{ person(hmppsId: "A1234BC") { noSuchField } }'
    sha = hashlib.sha256(invalid.encode()).hexdigest()
    response = await graph.post("/graphql", json={"query": invalid, "extensions": persisted(sha)})
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    not_found(await graph.post("/graphql", json={"extensions": persisted(sha)}))


@pytest.mark.parametrize(
    ("extensions", "code"),
    [
        (persisted(version=2), "PERSISTED_QUERY_NOT_SUPPORTED"),
        (persisted(sha="abc"), "BAD_REQUEST"),
        (persisted(sha="g" * 64), "BAD_REQUEST"),
        ({"persistedQuery": "yes"}, "BAD_REQUEST"),
        ({"persistedQuery": {"version": 1, "sha256Hash": 42}}, "BAD_REQUEST"),
    ],
)
async def test_a_malformed_persisted_query_extension_is_a_400_with_a_code(graph_with, extensions, code):
    graph = await graph_with()
    response = await graph.post("/graphql", json={"extensions": extensions})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == code


async def test_graphql_response_json_clients_get_the_not_found_as_a_400_with_the_same_error(graph_with):
    graph = await graph_with()
    response = await graph.post(
        "/graphql", json={"extensions": persisted()}, headers={"Accept": "application/graphql-response+json"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
