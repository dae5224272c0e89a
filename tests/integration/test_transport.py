"""GraphQL over HTTP at the transport: JSON errors with a code for every 4xx, the body limit,
production mode (no introspection without Query.__schema, no suggestions, no GraphiQL)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import httpx
import pytest

from server import create_app
from settings import QueryLimits, Settings


@pytest.fixture
async def small_limit_graph(simulator) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(limits=QueryLimits(max_body_bytes=1000)), embedded_simulator=simulator)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        yield client
    await app.state.upstreams.aclose()


@pytest.fixture
async def production(simulator) -> AsyncIterator[tuple[httpx.AsyncClient, object]]:
    app = create_app(Settings(production_mode=True), embedded_simulator=simulator)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        yield client, simulator
    await app.state.upstreams.aclose()


def assert_json_error(response: httpx.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == code, body
    assert body["errors"][0]["message"]
    return body


JSON = {"content-type": "application/json"}


@pytest.mark.parametrize(
    "body",
    [
        b'"a string"',
        b"42",
        b"null",
        b"true",
        b"\xff\xfe{}",
        b'{"query": "\xff"}',
        b"[" * 100_000,
        b'{"v": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        b"{",
        b"",
        b"{}",
        b'{"query": 5}',
        b'{"query": "{ __typename }", "variables": []}',
        b'{"query": "{ __typename }", "operationName": 5}',
        b'{"query": "{ __typename }", "operationName": "Nope"}',
        b'{"query": "{ __typename }", "extensions": "x"}',
        b'[{"query": "{ __typename }"}]',
    ],
)
async def test_malformed_bodies_are_400_json(graph, body, caplog):
    with caplog.at_level(logging.INFO):
        response = await graph.post("/graphql", content=body, headers=JSON)
    assert_json_error(response, 400, "BAD_REQUEST")
    assert "Traceback" not in caplog.text
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and response.headers["x-request-id"] in warnings[0].getMessage()


async def test_wrong_content_type_is_415(graph):
    response = await graph.post(
        "/graphql", content=b'{"query": "{ __typename }"}', headers={"content-type": "text/plain"}
    )
    assert_json_error(response, 415, "UNSUPPORTED_MEDIA_TYPE")


async def test_unacceptable_accept_is_406(graph):
    response = await graph.post("/graphql", json={"query": "{ __typename }"}, headers={"accept": "image/png"})
    assert_json_error(response, 406, "NOT_ACCEPTABLE")
    for accept in ("*/*", "application/json", "application/graphql-response+json", "application/*;q=0.5", ""):
        response = await graph.post("/graphql", json={"query": "{ __typename }"}, headers={"accept": accept})
        assert response.status_code == 200, accept


async def test_a_mutation_over_get_is_405_with_allow_post(graph):
    response = await graph.get("/graphql", params={"query": "mutation { x }"})
    assert_json_error(response, 405, "METHOD_NOT_ALLOWED")
    assert response.headers["allow"] == "POST"


async def test_other_methods_are_json_errors(graph):
    response = await graph.put("/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 405


async def test_missing_query_over_get_is_400(graph):
    response = await graph.get("/graphql", params={"variables": "{}"}, headers={"accept": "application/json"})
    assert_json_error(response, 400, "BAD_REQUEST")
    assert_json_error(
        await graph.get("/graphql", params={"query": "{ __typename }", "variables": "[["}), 400, "BAD_REQUEST"
    )


async def test_a_body_over_the_limit_is_413_on_its_content_length(small_limit_graph):
    response = await small_limit_graph.post("/graphql", content=b" " * 1001, headers=JSON)
    assert assert_json_error(response, 413, "PAYLOAD_TOO_LARGE")["errors"][0]["extensions"]["limit"] == 1000


async def test_a_streamed_body_over_the_limit_is_413_without_reading_it_all(small_limit_graph):
    sent = 0

    async def chunks():
        nonlocal sent
        for _ in range(1000):  # 1 MB offered, in 1 KB chunks
            sent += 1
            yield b" " * 1024

    response = await small_limit_graph.post("/graphql", content=chunks(), headers=JSON)
    assert_json_error(response, 413, "PAYLOAD_TOO_LARGE")
    assert sent < 10


async def test_a_long_query_string_is_413(small_limit_graph):
    response = await small_limit_graph.get("/graphql", params={"query": "{ __typename }" + " " * 2000})
    assert_json_error(response, 413, "PAYLOAD_TOO_LARGE")


async def test_a_body_under_the_limit_is_answered(small_limit_graph):
    response = await small_limit_graph.post("/graphql", json={"query": "{ __typename }"})
    assert response.json() == {"data": {"__typename": "Query"}}


INTROSPECTION = "{ __schema { queryType { name } } }"


async def test_production_refuses_introspection_to_consumers_not_granted_it(production):
    client, simulator = production
    token = simulator.auth.issue("private-prison-operator", [])
    response = await client.post(
        "/graphql", json={"query": INTROSPECTION}, headers={"Authorization": f"Bearer {token}"}
    )
    body = response.json()
    assert body.get("data") is None
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "introspection" in body["errors"][0]["message"]
    # __typename is not introspection of the schema
    response = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_production_allows_introspection_to_a_consumer_granted_query_schema(production):
    client, simulator = production
    token = simulator.auth.issue("full-access-client", [])  # include: ["*"]
    response = await client.post(
        "/graphql", json={"query": INTROSPECTION}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


async def test_production_gives_no_suggestions(production, graph):
    client, simulator = production
    token = simulator.auth.issue("full-access-client", [])
    document = '{ person(hmppsId: "A1234BC") { alert } }'
    body = (
        await client.post("/graphql", json={"query": document}, headers={"Authorization": f"Bearer {token}"})
    ).json()
    assert "Did you mean" not in body["errors"][0]["message"]
    assert "Did you mean" in (await graph.post("/graphql", json={"query": document})).json()["errors"][0]["message"]


async def test_production_serves_no_graphiql(production):
    client, _ = production
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert_json_error(response, 404, "NOT_FOUND")


def test_production_is_the_default_with_real_upstreams():
    assert Settings().production is False
    assert Settings(upstream_urls={"alerts": "http://x"}).production is True
    assert Settings(upstream_urls={"alerts": "http://x"}, production_mode=False).production is False


def test_a_role_may_grant_query_schema():
    from access.consumers import parse_consumers
    from schema.build import build_schema, guarded_fields

    config = parse_consumers(
        {
            "roles": {"explorer": {"include": ["Query.__schema", "Query.person"]}},
            "consumers": {"ide": {"roles": ["explorer"]}},
        },
        guarded_fields(build_schema()),
    )
    assert config.consumer("ide").may_introspect
    assert (
        not parse_consumers(
            {"roles": {"r": {"include": ["Query.person"]}}, "consumers": {"c": {"roles": ["r"]}}},
            guarded_fields(build_schema()),
        )
        .consumer("c")
        .may_introspect
    )
