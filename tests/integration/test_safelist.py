"""Safelist mode: a consumer with `safelist: true` runs only the operations of the persisted-query manifest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.doc_examples import ROOT, blocks
from tests.integration.conftest import SAFELISTED_ID, SAFELISTED_QUERY, bearer
from web.safelist import ManifestError, load_manifest

OTHER_QUERY = '{ person(hmppsId: "A1234BC") { hmppsId } }'


def refused(response) -> None:
    assert response.status_code == 403, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "QUERY_NOT_IN_SAFELIST"
    assert "persisted-query manifest" in error["message"]


async def test_a_safelisted_consumer_runs_the_manifests_operations_by_id_or_by_body(graph_with, simulator):
    graph = await graph_with()
    headers = bearer(simulator, "safelisted-app")
    by_id = await graph.post(
        "/graphql",
        json={"extensions": {"persistedQuery": {"version": 1, "sha256Hash": SAFELISTED_ID}}},
        headers=headers,
    )
    assert by_id.status_code == 200 and by_id.json()["data"]["person"]["hmppsId"] == "X123456"
    by_body = await graph.post("/graphql", json={"query": SAFELISTED_QUERY}, headers=headers)
    assert by_body.json() == by_id.json()


async def test_anything_else_is_refused_before_it_runs(graph_with, simulator):
    graph = await graph_with()
    headers = bearer(simulator, "safelisted-app")
    simulator.controls.reset_counters()
    refused(await graph.post("/graphql", json={"query": OTHER_QUERY}, headers=headers))
    other_sha = hashlib.sha256(OTHER_QUERY.encode()).hexdigest()
    with_hash = {"query": OTHER_QUERY, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": other_sha}}}
    refused(await graph.post("/graphql", json=with_hash, headers=headers))  # not registered either
    refused(await graph.post("/graphql", json={"extensions": with_hash["extensions"]}, headers=headers))
    # The manifest's id with another body is not the manifest's operation.
    swapped = {"query": OTHER_QUERY, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": SAFELISTED_ID}}}
    refused(await graph.post("/graphql", json=swapped, headers=headers))
    assert sum(simulator.controls.endpoint_calls.values()) == 0  # nothing reached an upstream


async def test_other_consumers_are_not_held_to_the_safelist(graph_with, simulator):
    graph = await graph_with()
    response = await graph.post(
        "/graphql", json={"query": OTHER_QUERY}, headers=bearer(simulator, "full-access-client")
    )
    assert response.json()["data"]["person"]["hmppsId"] == "X123456"


async def test_a_safelisted_consumer_needs_a_manifest_to_start(graph_with):
    with pytest.raises(SystemExit, match=r"safelisted-app.*PERSISTED_QUERIES_FILE"):
        await graph_with(persisted_queries_file=None)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "is not an Apollo persisted-query manifest"),
        (json.dumps({"format": "apollo-persisted-query-manifest", "version": 2, "operations": []}), "version"),
        (json.dumps({"format": "other", "version": 1, "operations": []}), "format"),
        (
            json.dumps({"format": "apollo-persisted-query-manifest", "version": 1, "operations": [{"id": "x"}]}),
            "body",
        ),
    ],
)
def test_a_manifest_that_is_not_apollos_format_fails_at_start(tmp_path: Path, content: str, message: str):
    path = tmp_path / "manifest.json"
    path.write_text(content)
    with pytest.raises(ManifestError, match=message):
        load_manifest(path)


def test_a_missing_manifest_says_which_file(tmp_path: Path):
    with pytest.raises(ManifestError, match=r"cannot read the persisted-query manifest .*nowhere\.json"):
        load_manifest(tmp_path / "nowhere.json")


def test_the_documented_manifest_is_one_and_its_id_is_the_sha256_of_its_body(tmp_path: Path):
    documented = next(
        block
        for block in blocks(ROOT / "docs" / "redis.md")
        if block.language == "json" and "apollo-persisted-query-manifest" in block.body
    )
    path = tmp_path / "manifest.json"
    path.write_text(documented.body)
    manifest = load_manifest(path)
    assert [hashlib.sha256(body.encode()).hexdigest() for body in manifest.bodies_by_id.values()] == list(
        manifest.bodies_by_id
    )
