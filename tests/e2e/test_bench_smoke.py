"""The benchmark's smoke version: its S1 and S2 queries against the real processes, counting
upstream requests only (timings belong to bench/, never to a test)."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.minimum import minimum_s1
from bench.queries import S1_QUERY, s1_people, s1_variables
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
