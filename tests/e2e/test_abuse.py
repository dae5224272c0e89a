"""Abuse against the real server (uvicorn, real sockets, the standalone simulator behind it): each
attack is refused with a clear error, and a small query sent at the same time is still answered.
Every request goes to the 127.0.0.1 servers this suite starts; counts and sizes are bounded."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator

import httpx
import pytest

from bench.attacks import (
    MB,
    alias_bomb,
    fragment_fan_out,
    header_lines,
    huge_header,
    send_until_answered,
    slow_headers,
    trickled_body,
)
from bench.procs import cmdline, descendants, peak_rss_mib
from tests.e2e.conftest import ask
from tests.e2e.servers import free_port, start, stop

SMALL = '{ prison(prisonId: "MDI") { prisoners(perPage: 1) { items { hmppsId } } } }'


def while_small_query_answers(
    full_access: httpx.Client, attack: Callable[[], object], ready: threading.Event | None = None
) -> object:
    """Runs `attack` in a thread while a small query is sent (once `ready` is set, if given: the attack
    is under way); the small query must be answered."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = attack()
        except BaseException as exc:  # reported below, in the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    if ready is not None:
        assert ready.wait(timeout=HANG_SECONDS), "the attack did not start"
    body = ask(full_access, SMALL)
    assert body.get("errors") is None and body["data"]["prison"]["prisoners"]["items"], body
    thread.join(timeout=120)  # generous: only detects a hang
    assert not thread.is_alive(), "the attack was not answered at all"
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]


def error_of(response: httpx.Response, status: int = 200) -> dict:
    assert response.status_code == status, response.text[:500]
    assert "Traceback" not in response.text
    body = response.json()
    assert body.get("data") is None, body
    return body["errors"][0]


def test_fragment_fan_out(full_access, clean):
    document = fragment_fan_out(9)  # 10**9 selections
    assert len(document.encode()) < 1024
    error = error_of(
        while_small_query_answers(full_access, lambda: full_access.post("/graphql", json={"query": document}))
    )
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "selections": 10**9 + 1, "limit": 2000}


def test_alias_bomb(full_access):
    document = alias_bomb(5000)
    error = error_of(
        while_small_query_answers(full_access, lambda: full_access.post("/graphql", json={"query": document}))
    )
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert {"aliases", "tokens"} & set(error["extensions"]), error


def test_token_bomb_of_comments_under_the_body_limit(full_access):
    document = "{ __typename }\n" + "#\n" * (600 * 1024)  # 1.8 MB of comments once JSON-encoded
    error = error_of(
        while_small_query_answers(full_access, lambda: full_access.post("/graphql", json={"query": document}))
    )
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "tokens": 15001, "limit": 15000}


def test_a_query_over_the_body_limit(full_access):
    document = "{ __typename }" + " " * (2 * MB + 200 * 1024)  # 2.2 MB
    response = while_small_query_answers(full_access, lambda: full_access.post("/graphql", json={"query": document}))
    assert error_of(response, 413)["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


def test_entities_representations(full_access, clean):
    representations = [{"__typename": "Person", "hmppsId": "A1234BC"}] * 5000
    document = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { hmppsId } } }"
    response = while_small_query_answers(
        full_access, lambda: full_access.post("/graphql", json={"query": document, "variables": {"r": representations}})
    )
    assert error_of(response)["extensions"] == {"code": "QUERY_TOO_COMPLEX", "representations": 5000, "limit": 1000}
    calls = clean.admin("GET", "/counters").json()["endpoints"]
    assert not any(k.startswith("prisoner-search GET /prisoner/") for k in calls), calls


def test_deep_nesting(full_access):
    deep_query = "{ " + "person { " * 3000 + "hmppsId" + " }" * 3000 + " }"
    error = error_of(
        while_small_query_answers(full_access, lambda: full_access.post("/graphql", json={"query": deep_query}))
    )
    assert error["extensions"]["code"] in ("QUERY_TOO_COMPLEX", "GRAPHQL_PARSE_FAILED"), error
    deep_json = b'{"query": "{ __typename }", "variables": ' + b"[" * 100_000 + b"}"
    response = while_small_query_answers(
        full_access,
        lambda: full_access.post("/graphql", content=deep_json, headers={"content-type": "application/json"}),
    )
    assert error_of(response, 400)["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize("chunked", [False, True])
def test_a_100_mb_body_is_refused_early(deployment, full_access, chunked):
    total, chunk = 100 * MB, b" " * (64 * 1024)
    headers = {
        "Host": "127.0.0.1",
        "Content-Type": "application/json",
        "Authorization": f"Bearer {deployment.token('full-access-client')}",
    }
    if chunked:
        headers["Transfer-Encoding"] = "chunked"
        frames = (b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(total // len(chunk)))
    else:
        headers["Content-Length"] = str(total)
        frames = (chunk for _ in range(total // len(chunk)))
    head = ("POST /graphql HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n").encode()
    status, sent = while_small_query_answers(
        full_access, lambda: send_until_answered(deployment.graph_url, head, frames, limit_bytes=total)
    )
    assert status == 413
    assert sent < 20 * MB  # refused long before the 100 MB were sent


def test_hostile_ids_reach_no_upstream_path(full_access, clean):
    for value in ["..", "%2e%2e", "../__admin/counters", "A١١٩١NU", "MDI\n", "²", "x" * 10_000, "ab-cd-ef-gh/.."]:
        for document, code in (
            ("query($v: ID!) { person(hmppsId: $v) { hmppsId } }", "BAD_USER_INPUT"),
            ("query($v: String!) { visit(reference: $v) { reference } }", "BAD_USER_INPUT"),
            ("query($v: ID!) { contact(contactId: $v) { contactId } }", "BAD_USER_INPUT"),
            ("query($v: ID!) { visits(prisonId: $v) { items { reference } } }", "BAD_USER_INPUT"),
        ):
            body = ask(full_access, document, v=value)
            assert [e["extensions"]["code"] for e in body["errors"]] == [code], (value, body)
    assert clean.admin("GET", "/counters").json()["paths"] == {}


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b'"just a string"', "application/json", 400),
        (b"null", "application/json", 400),
        (b"\xff\xfe\xfd", "application/json", 400),
        (b"{", "application/json", 400),
        (b'{"variables": {}}', "application/json", 400),
        (b'{"query": "{ __typename }", "operationName": "Nope"}', "application/json", 400),
        (b'{"query": "{ __typename }"}', "text/plain", 415),
        (b'{"query": "{ __typename }", "variables": {"n": 1e400}}', "application/json", 400),
    ],
)
def test_malformed_bodies(full_access, body, content_type, status):
    response = full_access.post("/graphql", content=body, headers={"content-type": content_type})
    error = error_of(response, status)
    assert error["extensions"]["code"] in ("BAD_REQUEST", "UNSUPPORTED_MEDIA_TYPE") and error["message"]
    assert response.headers["content-type"].startswith("application/json")
    assert "server" not in response.headers  # uvicorn's server header is off


# ---- slow and oversized HTTP requests (web/http_guard.py) -------------------------------------------
# Against the embedded default with two workers, as the image runs, and short read timeouts.
HEAD_TIMEOUT_SECONDS = 1
BODY_TIMEOUT_SECONDS = 1
HANG_SECONDS = 60  # a bound only to detect a hang: the attacks give up (and fail) after it


@pytest.fixture(scope="module")
def two_workers() -> Iterator[tuple[str, object]]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.endswith("_URL") and k != "PROMETHEUS_MULTIPROC_DIR"}
    env.update(
        SIMULATOR_SIZE="300",
        HTTP_HEADER_TIMEOUT_SECONDS=str(HEAD_TIMEOUT_SECONDS),
        HTTP_BODY_TIMEOUT_SECONDS=str(BODY_TIMEOUT_SECONDS),
    )
    graph = start(["serve", "--port", str(port), "--workers", "2"], env, f"{url}/health/readiness", timeout=120)
    try:
        yield url, graph
    finally:
        stop(graph)


@pytest.fixture(scope="module")
def embedded_client(two_workers) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=two_workers[0], timeout=30) as client:  # anonymous: the demo consumer
        yield client


def workers_peak_rss_mib(graph) -> float:
    workers = [p for p in descendants(graph.pid) if p != graph.pid and "multiprocessing" in cmdline(p)]
    assert len(workers) >= 2, workers
    return max(peak_rss_mib(p) or 0.0 for p in workers)


def test_slow_headers_are_closed_after_the_timeout(two_workers, embedded_client):
    url, _ = two_workers
    sent = threading.Event()
    outcome = while_small_query_answers(
        embedded_client,
        lambda: slow_headers(url, connections=100, interval=0.1, bound_seconds=HANG_SECONDS, sent=sent),
        ready=sent,
    )
    assert outcome.still_open == 0
    assert outcome.statuses == [408] * 100


def test_slowly_trickled_bodies_are_closed_and_hold_no_admission_slot(two_workers, embedded_client):
    # More than each worker's first admission stage and its queue (8 + 8): were a body read inside
    # admission control, these would take every slot and the small query would be refused with 503.
    url, _ = two_workers
    sent = threading.Event()
    outcome = while_small_query_answers(
        embedded_client,
        lambda: trickled_body(url, connections=40, interval=0.1, bound_seconds=HANG_SECONDS, sent=sent),
        ready=sent,
    )
    assert outcome.still_open == 0
    assert outcome.statuses == [408] * 40


@pytest.mark.parametrize("attack", [huge_header, header_lines], ids=["10 MB header", "100,000 header lines"])
def test_oversized_heads_are_refused_with_431(two_workers, embedded_client, attack):
    url, graph = two_workers
    before = workers_peak_rss_mib(graph)
    status, sent = while_small_query_answers(embedded_client, lambda: attack(url))
    assert status == 431
    grown = workers_peak_rss_mib(graph) - before
    print(f"sent {sent} bytes; the workers' peak RSS grew {grown:.1f} MiB")
    assert grown < 8  # the head is refused once 16 KiB have arrived, never read whole
    error = embedded_client.get("/graphql", headers={"x-big": "a" * 20_000}).json()["errors"][0]
    assert error["extensions"] == {"code": "HEADERS_TOO_LARGE"}
