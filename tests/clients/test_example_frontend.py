"""examples/frontend in Chromium: a wing list and a person page on Apollo Client (development mode),
served from another origin than the graph, as a frontend team would run it."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from simulator.population import Population
from tests.clients.test_js_clients import CHROMIUM, JS, node_modules  # noqa: F401  (a fixture)
from tests.e2e.servers import free_port, start, stderr_of, stop

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "frontend"

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium (Debian package `chromium`; scripts/install-test-tools installs it as root)"
)


def _npm_ci(directory: Path) -> None:
    if not (directory / "node_modules" / ".package-lock.json").exists():
        done = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=directory,
            capture_output=True,
            timeout=600,
        )
        if done.returncode != 0:
            pytest.skip(f"`npm ci` in {directory.name} failed: {done.stderr.decode(errors='replace').strip()[-300:]}")


@pytest.fixture(scope="module")
def frontend(node_modules) -> Iterator[str]:  # noqa: F811
    """The graph (embedded default) and the example frontend on two ports: two origins."""
    _npm_ci(EXAMPLE)
    built = subprocess.run(["node", "build.mjs"], cwd=EXAMPLE, capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    graph_port, frontend_port = free_port(), free_port()
    frontend_origin = f"http://127.0.0.1:{frontend_port}"
    env = {k: v for k, v in os.environ.items() if not k.endswith("_URL")}
    env["CORS_ALLOWED_ORIGINS"] = frontend_origin
    graph = start(["serve", "--port", str(graph_port)], env, f"http://127.0.0.1:{graph_port}/health")
    static = subprocess.Popen(
        ["node", "serve.mjs", "--port", str(frontend_port), "--graph", f"http://127.0.0.1:{graph_port}/graphql"],
        cwd=EXAMPLE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):  # bounded: 20 s
            try:
                if httpx.get(f"{frontend_origin}/", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if static.poll() is not None:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the example frontend's server did not start")
        yield f"{frontend_origin}/"
    finally:
        static.terminate()
        static.wait(timeout=10)
        if os.environ.get("SHOW_GRAPH_LOG"):
            print(stderr_of(graph))
        stop(graph)


def run_frontend(frontend: str) -> dict:
    population = Population(4000, 1)
    first = min(population.prisoners_in("MDI"), key=lambda p: (p.last_name, p.first_name, p.prisoner_number))
    done = subprocess.run(
        ["node", "example-frontend.mjs", frontend, str(CHROMIUM), first.hmpps_id, "A0000AA"],
        cwd=JS,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return {"first": first, **json.loads(done.stdout.strip().splitlines()[-1])}


def test_wing_list_person_page_back_from_the_cache_and_not_found(frontend):
    out = run_frontend(frontend)
    first = out["first"]
    assert out["developmentMode"] is True  # Apollo prints its cache warnings in development mode only
    assert out["failedRequests"] == []
    # A person's page renders the profile.
    assert out["person"]["url"].endswith(f"#/person/{first.hmpps_id}")
    assert out["person"]["name"].upper() == f"{first.first_name} {first.last_name}".upper()
    assert out["person"]["cell"] == first.cell_key
    # The wing list renders (first page of MDI, by last name).
    assert len(out["wingList"]) == 20
    assert first.hmpps_id in out["wingList"][0] and first.cell_location in out["wingList"][0]
    # The person again from the list, and the list again: both from Apollo's cache, no new request.
    assert out["graphqlRequests"] == ["PersonPage", "WingList", "PersonPage"]  # the last: the unknown person
    assert out["requestsAfterReturning"] == out["requestsBeforeReturning"] == 2
    assert out["personAgain"] == out["person"]
    assert out["wingListAgain"] == out["wingList"]
    # An unknown person shows the graph's NOT_FOUND message (the one request after the cached pages).
    assert out["notFound"] == "Not found: Could not find person with HMPPS id: A0000AA"
    # No cache warnings, nor any other console message (no CORS error, no missing field).
    assert out["console"] == [], out["console"]
