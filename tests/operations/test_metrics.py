"""/metrics scraped in-process: GraphQL operations, errors, upstream routes, loader batches, caches.

Counters are process-wide, so each test compares a scrape after with one before. Several worker
processes: tests/operations/test_served.py.
"""

from __future__ import annotations

import re

import httpx
from prometheus_client.parser import text_string_to_metric_families

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]

WING = """query WingMetrics { prison(prisonId: "MDI") { prisoners(perPage: 20) { items {
  hmppsId alerts { items { code } } cellLocation { cell } sentences { items { dateOfSentencing } } } } } }"""


CELLS = """query CellMetrics { prison(prisonId: "MDI") { prisoners(perPage: 20) { items {
  hmppsId cellLocation { location { key } } } } } }"""


async def scrape(client: httpx.AsyncClient) -> Samples:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_graphql_operations_by_name_and_outcome_and_errors_by_code(graph):
    before = await scrape(graph)
    for _ in range(3):
        await graph.post("/graphql", json={"query": "query Typename { __typename }"})
    await graph.post("/graphql", json={"query": 'query Bad { person(hmppsId: "not an id!") { hmppsId } }'})
    after = await scrape(graph)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("person_graph_graphql_requests_total", operation="Typename", outcome="success") == 3
    assert delta("person_graph_graphql_requests_total", operation="Bad", outcome="partial") == 1
    assert delta("person_graph_graphql_errors_total", code="BAD_USER_INPUT") == 1
    assert delta("person_graph_graphql_request_duration_seconds_count", operation="Typename") == 3
    assert value(after, "person_graph_requests_in_flight") == 1  # the scrape itself


async def test_upstream_requests_by_route_template_never_an_identifier(graph, population):
    before = await scrape(graph)
    answer = (await graph.post("/graphql", json={"query": WING})).json()
    assert "errors" not in answer
    after = await scrape(graph)
    upstream = {
        dict(labels)["route"]: count - value(before, name, **dict(labels))
        for (name, labels), count in after.items()
        if name == "person_graph_upstream_requests_total" and dict(labels)["status"] == "200"
    }
    assert upstream["/search/alerts/prison-numbers"] >= 1
    assert upstream["/api/offender-sentences/booking/{id}/sentences-and-offences"] >= 20
    assert upstream["/prison/{id}/prisoners"] >= 1
    # No label anywhere carries a person's identifier or a booking id.
    ids = {n for item in answer["data"]["prison"]["prisoners"]["items"] for n in [item["hmppsId"]]}
    text = (await graph.get("/metrics")).text
    assert not any(i in text for i in ids)
    assert not re.search(r'route="[^"]*/\d+[/"]', text), "a numeric segment in a route label"
    histogram = [k for k in after if k[0] == "person_graph_upstream_request_duration_seconds_count"]
    assert ("upstream", "alerts") in dict.fromkeys(label for _, labels in histogram for label in labels)


async def test_loader_batch_sizes(graph):
    before = await scrape(graph)
    await graph.post("/graphql", json={"query": WING})
    after = await scrape(graph)
    name, loader = "person_graph_loader_batch_size", "AlertsClient.alerts_by_prison_numbers"
    assert value(after, f"{name}_count", loader=loader) - value(before, f"{name}_count", loader=loader) == 1
    assert value(after, f"{name}_sum", loader=loader) - value(before, f"{name}_sum", loader=loader) == 20
    one_by_one = "PrisonApiClient.sentences_and_offences"
    assert value(after, f"{name}_sum", loader=one_by_one) - value(before, f"{name}_sum", loader=one_by_one) == 20


async def test_cache_hits_and_misses(graph):
    """A fresh graph's first wing list misses the locations cache for every key; the same list again hits each one."""
    name, wing = "person_graph_cache_requests_total", {"query": CELLS}

    async def delta_after_query() -> tuple[float, float]:
        before = await scrape(graph)
        assert "errors" not in (await graph.post("/graphql", json=wing)).json()
        after = await scrape(graph)
        return tuple(  # type: ignore[return-value]
            value(after, name, cache="locations", result=r) - value(before, name, cache="locations", result=r)
            for r in ("hit", "miss")
        )

    first_hits, first_misses = await delta_after_query()
    assert first_hits == 0 and first_misses > 0
    assert await delta_after_query() == (first_misses, 0)
