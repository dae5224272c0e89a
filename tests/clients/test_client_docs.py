"""docs/clients.md's JavaScript examples (```js file=NAME.mjs), each run with node against the graph,
with the packages of tests/js (Apollo Client in development mode, so that it prints its warnings)."""

from __future__ import annotations

import json
import os
import re
import subprocess

from tests.clients.test_js_clients import JS, graph_url, node_modules  # noqa: F401  (fixtures)
from tests.doc_examples import ROOT

CLIENTS = ROOT / "docs" / "clients.md"
JS_BLOCK = re.compile(r"^```js file=([a-z-]+\.mjs)\n(.*?)^```\s*$", re.S | re.M)
PERSON_ID = "UGVyc29uOkExMjM0QkM="  # base64 of Person:A1234BC


def examples() -> dict[str, str]:
    return {m.group(1): m.group(2) for m in JS_BLOCK.finditer(CLIENTS.read_text())}


def run(name: str, graph: str) -> dict:
    directory = JS / "doc-examples"  # inside tests/js, so that node finds its node_modules
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(examples()[name])
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
    assert set(examples()) == {"apollo-client.mjs", "urql.mjs", "relay.mjs", "fetch.mjs"}


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


def test_relay_network_and_node_refetch(node_modules, graph_url):  # noqa: F811
    out = run("relay.mjs", graph_url)
    assert out["node"] == {"__typename": "Person", "id": PERSON_ID, "hmppsId": "X123456", "lastName": "DAVIES"}


def test_plain_fetch(node_modules, graph_url):  # noqa: F811
    out = run("fetch.mjs", graph_url)
    assert out == {"status": 200, "person": {"hmppsId": "X123456", "dateOfBirth": "1986-02-25"}, "errors": []}
