"""Real JavaScript clients against the graph served over HTTP: Apollo Gateway composing it as a
Federation 2 subgraph with another team's subgraph, graphql-http's GraphQL-over-HTTP audit, and
Apollo Client's automatic persisted queries."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from simulator.population import Population

JS = Path(__file__).resolve().parents[1] / "js"
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def node_modules() -> Path:
    """tests/js's packages from its lock (scripts/install-test-tools installs them before the suite)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("no node and npm (Debian packages `nodejs npm`; scripts/install-test-tools installs them as root)")
    if not (JS / "node_modules" / ".package-lock.json").exists():
        done = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=JS, capture_output=True, timeout=600
        )
        if done.returncode != 0:
            pytest.skip(f"`npm ci` in tests/js failed: {done.stderr.decode(errors='replace').strip()[-300:]}")
    return JS / "node_modules"


@pytest.fixture(scope="module")
def graph_url() -> Iterator[str]:
    """The graph on the embedded default, as `scripts/serve` runs it, on a free port."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.endswith("_URL")}
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "--log-level", "warning", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"the graph did not start: {process.stderr.read().decode()[-2000:] if process.stderr else ''}"
                )
            time.sleep(0.2)
        yield f"{url}/graphql"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _node(script: str, *args: str) -> object:
    done = subprocess.run(["node", script, *args], cwd=JS, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_apollo_gateway_composes_the_graph_with_another_subgraph(node_modules, graph_url):
    person = next(p for p in Population(4000, 1).people if p.prison_id == "MDI" and p.crn)
    out = _node("federation.mjs", graph_url, person.crn)
    # A query rooted in the graph, extended by the other subgraph's field on Person:
    assert out["fromPersonGraph"] == {
        "data": {
            "person": {
                "hmppsId": person.crn,
                "lastName": person.last_name.upper(),
                "learningPlanStatus": f"ACTIVE for {person.crn}",
            }
        }
    }
    # A query rooted in the other subgraph: the gateway resolves Person through the graph's _entities.
    assert out["fromEducation"] == {
        "data": {
            "learningPlans": [
                {
                    "person": {
                        "hmppsId": person.crn,
                        "lastName": person.last_name.upper(),
                        "cellLocation": {"prisonCode": "MDI"},
                    }
                }
            ]
        }
    }


def test_graphql_over_http_audit_has_no_failures(node_modules, graph_url):
    results = _node("audit.mjs", graph_url)
    failures = [r for r in results if r["status"] == "error"]
    assert results and not failures, failures
    warnings = [r for r in results if r["status"] == "warn"]
    assert not warnings, warnings


def test_apollo_clients_persisted_query_link_registers_then_sends_only_the_hash_by_get(node_modules, graph_url):
    """Apollo Client's APQ link as a frontend uses it (docs/redis.md): the first client's hash is
    unknown, so it sends the query; the second client's GET with the hash alone is answered."""
    out = _node("apq.mjs", graph_url, "A1234BC")
    person = {"__typename": "Person", "hmppsId": "X123456", "firstName": "OSCAR"}
    assert out["first"] == out["second"] == {"data": {"person": person}, "error": None}
    # Apollo Client accepts application/graphql-response+json, so PersistedQueryNotFound is a 400 for it.
    assert out["requests"] == [
        {"method": "GET", "sentQuery": False, "sentHash": True, "status": 400},
        {"method": "POST", "sentQuery": True, "sentHash": True, "status": 200},
        {"method": "GET", "sentQuery": False, "sentHash": True, "status": 200},
    ]


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium (Debian package `chromium`; scripts/install-test-tools installs it as root)"
)
def test_graphiql_in_a_browser_runs_the_default_query(node_modules, graph_url, tmp_path):
    """A developer opens GraphiQL, presses run, and sees a wing list; no asset comes from a CDN."""
    out = _node("graphiql.mjs", graph_url, CHROMIUM, str(tmp_path / "graphiql.png"))
    assert out["title"] == "HMPPS Person Graph"
    assert out["failedRequests"] == []
    # The results pane shows the answer's first lines (the editor renders only what is on screen).
    text = " ".join(out["results"].replace("\u00a0", " ").split())
    first = min(Population(4000, 1).prisoners_in("MDI"), key=lambda p: (p.last_name, p.first_name, p.prisoner_number))
    assert f'"hmppsId": "{first.crn or first.prisoner_number}"' in text
    assert f'"lastName": "{first.last_name.upper()}"' in text
    assert f'"key": "{first.cell_key}"' in text and '"errors"' not in text
    assert (tmp_path / "graphiql.png").stat().st_size > 10_000
