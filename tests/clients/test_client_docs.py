"""docs/clients.md's JavaScript examples (```js file=NAME.mjs), each run with node against the graph,
with the packages of tests/js (Apollo Client in development mode, so that it prints its warnings)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.clients.test_js_clients import JS, graph_url, node_modules  # noqa: F401  (fixtures)
from tests.doc_examples import ROOT

CLIENTS = ROOT / "docs" / "clients.md"
JS_BLOCK = re.compile(r"^```js file=((?:[a-z]+/)*[a-z-]+\.m?js)\n(.*?)^```\s*$", re.S | re.M)
RELAY_CONFIG = {"src": "./src", "schema": "./schema.graphql", "language": "javascript", "eagerEsModules": True}
PERSON_ID = "UGVyc29uOlgxMjM0NTY="  # base64 of Person:X123456 (A1234BC's hmppsId)


def examples() -> dict[str, str]:
    return {m.group(1): m.group(2) for m in JS_BLOCK.finditer(CLIENTS.read_text())}


DOC_EXAMPLES = JS / "doc-examples"  # inside tests/js, so that node finds its node_modules


def write(name: str) -> Path:
    path = DOC_EXAMPLES / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(examples()[name])
    return path


def run(name: str, graph: str) -> dict:
    directory = DOC_EXAMPLES
    write(name)
    done = subprocess.run(
        ["node", "--conditions=development", str(directory / name)],
        cwd=JS,
        env={**os.environ, "GRAPH_URL": graph},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stderr == "", done.stderr  # no warning from the client (Apollo's cache warnings included)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_every_client_has_an_example():
    assert set(examples()) == {
        "apollo-client.mjs",
        "urql.mjs",
        "relay/src/person.js",
        "relay/app.mjs",
        "fetch.mjs",
        "image.mjs",
    }


def test_apollo_client(node_modules, graph_url):  # noqa: F811
    out = run("apollo-client.mjs", graph_url)
    assert out["person"]["id"] == PERSON_ID and out["person"]["hmppsId"] == "X123456"
    assert out["person"]["cellLocation"]["cell"]
    assert out["cachedLastName"] == out["person"]["lastName"]
    assert out["notFound"] == "NOT_FOUND"


def test_urql_with_graphcache(node_modules, graph_url):  # noqa: F811
    out = run("urql.mjs", graph_url)  # no "Invalid key" hint: every object it selects has an id
    assert out["person"]["id"] == PERSON_ID and out["person"]["cellLocation"]["id"]
    assert out["secondFromCache"] is True
    assert out["notFound"] == "NOT_FOUND"


def test_relay_compiler_accepts_the_schema_and_refetches_through_node(node_modules, graph_url):  # noqa: F811
    relay = DOC_EXAMPLES / "relay"
    write("relay/src/person.js")
    schema = subprocess.run(
        [sys.executable, "-m", "cli", "export-schema"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert schema.returncode == 0, schema.stderr
    (relay / "schema.graphql").write_text(schema.stdout)
    (relay / "relay.config.json").write_text(json.dumps(RELAY_CONFIG))
    compiled = subprocess.run(
        [str(node_modules / ".bin" / "relay-compiler")], cwd=relay, capture_output=True, text=True, timeout=120
    )
    assert compiled.returncode == 0, compiled.stdout[-3000:] + compiled.stderr[-3000:]
    refetch = (relay / "src" / "__generated__" / "personProfileRefetchQuery.graphql.js").read_text()
    assert "node(id: $id)" in refetch
    out = run("relay/app.mjs", graph_url)
    # Both answers went to one record: the person's id is the store's key.
    assert out == {"id": PERSON_ID, "hmppsId": "X123456", "people": ["DAVIES"]}


def test_plain_fetch(node_modules, graph_url):  # noqa: F811
    out = run("fetch.mjs", graph_url)
    assert out == {"status": 200, "person": {"hmppsId": "X123456", "dateOfBirth": "1986-02-25"}, "errors": []}


def test_fetch_an_image_through_its_url(node_modules, graph_url):  # noqa: F811
    out = run("image.mjs", graph_url)
    assert out["status"] == 200 and out["contentType"] == "image/jpeg" and out["jpeg"] is True
    assert out["received"] == out["contentLength"] > 0
    assert out["view"] == "FACE"  # the newest image of A1234BC is their reception photograph
