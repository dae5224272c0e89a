"""web/access_log.py: one INFO line per request, with no personal data and no query variables."""

from __future__ import annotations

import logging

import pytest

LOGGER = "person_graph.access"


def access_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelno == logging.INFO]


async def test_one_line_per_graphql_request_with_operation_consumer_and_request_id(graph, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    response = await graph.post(
        "/graphql",
        json={"query": "query Who($id: ID!) { person(hmppsId: $id) { lastName } }", "variables": {"id": "A1234BC"}},
        headers={"x-request-id": "req-123"},
    )
    assert response.status_code == 200
    [line] = access_lines(caplog)
    assert line.startswith("POST /graphql 200 ")
    assert " ms operation=Who " in line
    assert 'consumer="demo (anonymous, embedded mode)"' in line
    assert line.endswith("request_id=req-123")
    last_name = response.json()["data"]["person"]["lastName"]
    assert "A1234BC" not in line and "X123456" not in line and last_name not in line


async def test_operation_name_from_the_request_and_unnamed_operations(graph, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    document = "query A { referenceData { prisonReferenceData { category } } } query B { __typename }"
    await graph.post("/graphql", json={"query": document, "operationName": "B"})
    await graph.post("/graphql", json={"query": "{ __typename }"})
    await graph.post("/graphql", json={"query": "{ __typename }", "operationName": "x\ny"})
    first, second, third = access_lines(caplog)
    assert "operation=B " in first
    assert "operation=- " in second
    assert "operation=(not a name) " in third and "\n" not in third


async def test_other_paths_and_unauthenticated_requests_are_logged(graph, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    await graph.get("/health")
    await graph.post("/graphql", json={"query": "{ __typename }"}, headers={"Authorization": "Bearer not-a-token"})
    health, refused = access_lines(caplog)
    assert health.startswith("GET /health 200 ") and 'consumer="-"' in health
    assert refused.startswith("POST /graphql 401 ") and 'consumer="-"' in refused


async def test_nothing_is_logged_above_info(graph, caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    await graph.get("/health")
    assert access_lines(caplog) == []
