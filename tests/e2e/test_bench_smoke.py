"""The benchmark's smoke version: its S1 and S2 queries against the real processes, counting
upstream requests only (timings belong to bench/, never to a test)."""

from __future__ import annotations

import gc
from collections import Counter

import pytest

from bench import bare_strawberry, faults
from bench.minimum import minimum_s1
from bench.queries import S1_QUERY, S2_QUERY, s1_people, s1_variables, s2_variables
from bench.smoke import s2_upstream_detail


@pytest.mark.parametrize("per_page", [1, 10, 100])
def test_s2_upstream_requests_are_the_minimum(clean, per_page):
    observed, minimum, detail = s2_upstream_detail(
        clean.simulator_url, clean.graph_url, per_page, client_id="full-access-client"
    )
    assert observed == minimum, detail["byEndpoint"]
    assert all(row["observed"] == row["minimum"] for row in detail["byEndpoint"].values()), detail["byEndpoint"]


def test_s1_upstream_requests_are_the_minimum(clean, full_access, world):
    person = s1_people(world)[0]
    body = full_access.post("/graphql", json={"query": S1_QUERY, "variables": s1_variables(person)}).json()
    assert "errors" not in body, body["errors"][:2]
    counted = Counter(clean.admin("GET", "/counters").json()["endpoints"])
    assert counted == minimum_s1(person)


def test_bare_strawberry_replays_the_graphs_answer(full_access):
    """The bench's baseline runs the real schema over every upstream client the graph has: a client
    it does not wrap fails here, not half-way through a bench run."""
    variables = s2_variables(per_page=3)
    response = full_access.post("/graphql", json={"query": S2_QUERY, "variables": variables}).json()
    assert "errors" not in response, response["errors"][:2]
    collector = gc.get_threshold()
    measured = bare_strawberry.measure(S2_QUERY, [(variables, response)], min_repeats=1, min_seconds=0)
    assert measured["sameResult"], measured
    # It measures with the servers' collector settings (web/gc_policy.py) and puts this process's back.
    assert gc.get_threshold() == collector and gc.get_freeze_count() == 0


def test_the_fault_measurements_queries_answer_when_healthy(full_access):
    """bench/faults.py's two queries: a wrong one would measure validation errors, not a sick upstream."""
    for request in ({"query": faults.SMALL}, faults.SICK_REQUEST):
        body = full_access.post("/graphql", json=request).json()
        assert body.get("data") and "errors" not in body, body
