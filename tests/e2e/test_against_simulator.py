"""`person-graph serve --against-simulator URL`: the graph against a standalone simulator with one setting."""

from __future__ import annotations

import os

import httpx

from tests.e2e.servers import ROOT, Deployment, free_port, start, stop

QUERY = '{ person(hmppsId: "A1234BC") { hmppsId identifiers { nomisNumber } alerts { items { code } } } }'


def test_serve_against_the_standalone_simulator(deployment: Deployment):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.endswith("_URL") and not k.startswith("HMPPS_AUTH")}
    env["CONSUMERS_FILE"] = str(ROOT / "consumers.example.yml")
    graph = start(["serve", "--port", str(port), "--against-simulator", deployment.simulator_url], env, f"{url}/health")
    try:
        assert httpx.get(f"{url}/health").json()["mode"] == "upstreams"
        # Real upstreams configured: anonymous requests are refused; the simulator's tokens are accepted.
        assert httpx.post(f"{url}/graphql", json={"query": "{ __typename }"}).status_code == 401
        token = deployment.token("full-access-client")
        answer = httpx.post(
            f"{url}/graphql", json={"query": QUERY}, headers={"Authorization": f"Bearer {token}"}, timeout=30
        ).json()
        assert "errors" not in answer, answer
        assert answer["data"]["person"]["hmppsId"] == "X123456"
        assert answer["data"]["person"]["identifiers"] == {"nomisNumber": "A1234BC"}
    finally:
        stop(graph)
