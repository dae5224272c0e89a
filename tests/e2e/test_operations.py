"""Operations with real server processes: metrics across two workers and on their own port, JSON logs
from every worker, the SIGTERM drain, and a trace id reaching the standalone simulator."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.servers import Deployment, free_port, graph_environment, start, stderr_of, stop

TRACE_ID = "0af7651916cd43dd8448eb211c80319c"
STARTUP_SECONDS = 120  # a bound to detect a hang: two workers on a busy shared machine can take a minute


def embedded_environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_URL") and k != "PROMETHEUS_MULTIPROC_DIR"}
    return {**env, "SIMULATOR_SIZE": "300", **extra}


def operation_count(metrics_text: str, operation: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(metrics_text)
        for sample in family.samples
        if sample.name == "person_graph_graphql_requests_total" and sample.labels.get("operation") == operation
    )


def ask_many(url: str, operation: str, times: int) -> None:
    for _ in range(times):  # a new connection each: the kernel spreads them over the workers
        response = httpx.post(f"{url}/graphql", json={"query": f"query {operation} {{ __typename }}"}, timeout=30)
        assert response.status_code == 200


def test_two_workers_one_metrics_view_and_json_logs_from_both():
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    graph = start(
        ["serve", "--port", str(port), "--workers", "2"],
        embedded_environment(LOG_FORMAT="json"),
        f"{url}/health/readiness",
        log_level="info",
        timeout=STARTUP_SECONDS,
    )
    try:
        ask_many(url, "Counted", 12)
        # Each scrape is answered by whichever worker takes the connection; each sees all 12.
        for _ in range(6):
            assert operation_count(httpx.get(f"{url}/metrics", timeout=10).text, "Counted") == 12
    finally:
        stop(graph)
    lines = [line for line in stderr_of(graph, limit=10**6).splitlines() if line.startswith("{")]
    access = [json.loads(line) for line in lines if '"person_graph.access"' in line]
    counted = [line for line in access if line["operation"] == "Counted"]
    assert len(counted) == 12 and all(line["status"] == 200 and line["requestId"] for line in counted)
    assert any(json.loads(line)["logger"].startswith("uvicorn") for line in lines)  # uvicorn's own lines too
    plain = [line for line in stderr_of(graph, limit=10**6).splitlines() if line and not line.startswith("{")]
    assert all(line.startswith("HMPPS Person Graph on ") for line in plain), plain  # only the banner


def test_one_worker_counts_too_and_its_metrics_directory_is_removed_at_exit(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    graph = start(
        ["serve", "--port", str(port)],
        embedded_environment(TMPDIR=str(tmp_path)),
        f"{url}/health/readiness",
        timeout=STARTUP_SECONDS,
    )
    try:
        [directory] = tmp_path.glob("person-graph-metrics-*")
        ask_many(url, "Single", 3)
        assert operation_count(httpx.get(f"{url}/metrics", timeout=10).text, "Single") == 3
        assert list(directory.iterdir())  # the worker's files
    finally:
        stop(graph)
    assert not directory.exists(), stderr_of(graph)


def test_metrics_on_their_own_port_are_not_on_the_public_one():
    port, metrics_port = free_port(), free_port()
    url = f"http://127.0.0.1:{port}"
    graph = start(
        ["serve", "--port", str(port), "--workers", "2"],
        embedded_environment(METRICS_PORT=str(metrics_port)),
        f"{url}/health/readiness",
        timeout=STARTUP_SECONDS,
    )
    try:
        ask_many(url, "Private", 5)
        assert httpx.get(f"{url}/metrics", timeout=10).status_code == 404
        scraped = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10)
        assert scraped.status_code == 200 and operation_count(scraped.text, "Private") == 5
    finally:
        stop(graph)


def test_sigterm_drains_then_finishes_what_is_in_flight(clean: Deployment):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = graph_environment(
        clean.simulator_url, SHUTDOWN_DRAIN_SECONDS="3", SHUTDOWN_GRACE_SECONDS="20", UPSTREAM_TIMEOUT_SECONDS="20"
    )
    graph = start(["serve", "--port", str(port)], env, f"{url}/health/readiness", timeout=STARTUP_SECONDS)
    headers = {"Authorization": f"Bearer {clean.token('full-access-client')}"}
    document = '{ person(hmppsId: "A1234BC") { hmppsId alerts { items { code } } } }'
    answers: list[httpx.Response] = []
    try:
        clean.admin("PUT", "/latency", {"target": "alerts", "ms": 5000})
        slow = threading.Thread(
            target=lambda: answers.append(
                httpx.post(f"{url}/graphql", json={"query": document}, headers=headers, timeout=60)
            )
        )
        slow.start()
        deadline = time.monotonic() + 20  # bounds only, to detect a hang
        while not clean.admin("GET", "/counters").json()["endpoints"].get("alerts POST /search/alerts/prison-numbers"):
            assert time.monotonic() < deadline, "the slow request never reached the alerts service"
            time.sleep(0.05)
        graph.send_signal(signal.SIGTERM)
        readiness = httpx.get(f"{url}/health/readiness", timeout=5)
        assert (readiness.status_code, readiness.json()["phase"]) == (503, "DRAINING")
        # While draining, requests are still answered (the load balancer may not have noticed yet).
        quick = httpx.post(f"{url}/graphql", json={"query": "{ __typename }"}, headers=headers, timeout=10)
        assert quick.status_code == 200
        while True:  # then the port closes: no new requests
            try:
                httpx.get(f"{url}/health/liveness", timeout=1)
            except httpx.TransportError:
                break
            assert time.monotonic() < deadline + 20, "still listening long after the drain"
            time.sleep(0.1)
        slow.join(timeout=60)
        [answer] = answers
        assert answer.status_code == 200
        assert answer.json()["data"]["person"]["hmppsId"] == "X123456"
        assert "errors" not in answer.json()
        assert graph.wait(timeout=30) == 128 + signal.SIGTERM, stderr_of(graph)  # the conventional status after SIGTERM
    finally:
        clean.admin("DELETE", "/latency")
        stop(graph)


@pytest.fixture
def traced_graph(clean: Deployment):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    # The simulator answers 404 to the exporter at once: spans are made and sent, and nobody keeps them.
    env = graph_environment(clean.simulator_url, OTEL_EXPORTER_OTLP_ENDPOINT=f"{clean.simulator_url}/__otlp")
    graph = start(["serve", "--port", str(port)], env, f"{url}/health/readiness", timeout=STARTUP_SECONDS)
    try:
        yield url
    finally:
        stop(graph)


def test_the_callers_trace_id_reaches_the_upstreams(clean: Deployment, traced_graph: str):
    headers = {
        "Authorization": f"Bearer {clean.token('full-access-client')}",
        "traceparent": f"00-{TRACE_ID}-b7ad6b7169203331-01",
    }
    document = '{ person(hmppsId: "A1234BC") { hmppsId alerts { items { code } } } }'
    response = httpx.post(f"{traced_graph}/graphql", json={"query": document}, headers=headers, timeout=30)
    assert response.status_code == 200 and "errors" not in response.json()
    received = clean.admin("GET", "/traceparents").json()["traceparents"]
    assert received and {tp.split("-")[1] for tp in received} == {TRACE_ID}


def test_without_an_otlp_endpoint_no_trace_headers_are_sent(clean: Deployment, full_access: httpx.Client):
    response = full_access.post("/graphql", json={"query": '{ person(hmppsId: "A1234BC") { hmppsId } }'})
    assert response.status_code == 200
    assert clean.admin("GET", "/counters").json()["endpoints"]
    assert clean.admin("GET", "/traceparents").json()["traceparents"] == []


def test_the_graph_refuses_unknown_log_formats():
    done = subprocess.run(
        [__import__("sys").executable, "-m", "cli", "serve", "--port", str(free_port())],
        env=embedded_environment(LOG_FORMAT="xml"),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=str(__import__("pathlib").Path(__file__).resolve().parents[2]),
    )
    assert done.returncode != 0 and "LOG_FORMAT must be one of json, text" in done.stderr
