"""A check the test suite can run against processes that are already running.

    from bench.smoke import upstream_requests_for_s2
    observed, minimum = upstream_requests_for_s2("http://127.0.0.1:9090", "http://127.0.0.1:8000", per_page=10)
    assert observed == minimum

Sends one S2 wing-list query (page 1 of MDI, `per_page` prisoners) to the graph and returns the
upstream requests the simulator counted for it, and the minimum the query needs (bench/minimum.py),
computed from the population the simulator reports it was built with (GET /__admin/population).

It resets the simulator's counters first, so nothing else may be calling that simulator meanwhile.
It is synchronous (plain httpx.Client), so it can be called from sync or async tests alike. The
graph must be configured with the simulator as its upstreams (the PRISONER_SEARCH_URL ... variables
and HMPPS_AUTH_ISSUER, see bench/procs.py:graph_env); if it answers 401 a token for `client_id`
is fetched from the simulator's HMPPS Auth stand-in.
"""

from __future__ import annotations

from functools import lru_cache

import httpx

from bench.client import DEFAULT_CLIENT_ID, bearer_token, count_fields
from bench.minimum import minimum_s2
from bench.queries import S2_QUERY, s2_page, s2_variables
from simulator.population import Population


@lru_cache(maxsize=2)
def _population(size: int, seed: int) -> Population:
    return Population(size=size, seed=seed)


def upstream_requests_for_s2(
    simulator_url: str, graph_url: str, per_page: int, client_id: str = DEFAULT_CLIENT_ID
) -> tuple[int, int]:
    """(observed, minimum) upstream requests for one S2 query of `per_page` prisoners (1..100)."""
    observed, minimum, _ = s2_upstream_detail(simulator_url, graph_url, per_page, client_id)
    return observed, minimum


def s2_upstream_detail(
    simulator_url: str, graph_url: str, per_page: int, client_id: str = DEFAULT_CLIENT_ID
) -> tuple[int, int, dict]:
    """As upstream_requests_for_s2, plus per-endpoint detail and the response's resolved-field count."""
    simulator_url, graph_url = simulator_url.rstrip("/"), graph_url.rstrip("/")
    with httpx.Client(timeout=60.0) as http:
        info = http.get(f"{simulator_url}/__admin/population").raise_for_status().json()
        population = _population(int(info["size"]), int(info["seed"]))
        body = {"query": S2_QUERY, "variables": s2_variables(per_page)}
        http.delete(f"{simulator_url}/__admin/counters").raise_for_status()
        response = http.post(f"{graph_url}/graphql", json=body)
        if response.status_code == 401:
            token = bearer_token(simulator_url, client_id)
            http.delete(f"{simulator_url}/__admin/counters").raise_for_status()
            response = http.post(f"{graph_url}/graphql", json=body, headers={"authorization": f"Bearer {token}"})
        response.raise_for_status()
        answer = response.json()
        if answer.get("errors"):
            raise AssertionError(f"the S2 query failed: {answer['errors'][:2]}")
        counted = http.get(f"{simulator_url}/__admin/counters").raise_for_status().json()["endpoints"]
    need = minimum_s2(s2_page(population, per_page))
    keys = sorted(set(counted) | set(need))
    detail = {
        "byEndpoint": {k: {"observed": counted.get(k, 0), "minimum": need.get(k, 0)} for k in keys},
        "fields": count_fields(answer["data"]),
    }
    return sum(counted.values()), sum(need.values()), detail
