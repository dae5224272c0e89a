"""Query.persons and Query.prisoners: the strategies in resolvers/search.py, as a client sees them."""

from __future__ import annotations

from resolvers import search
from tests.conftest import query

PERSONS = "query($n: String!) { persons(lastName: $n, perPage: 100) { items { hmppsId } pagination { totalCount } } }"


def common_last_name(population) -> str:
    names: dict[str, int] = {}
    for p in population.people:
        names[p.last_name] = names.get(p.last_name, 0) + 1
    return max(names, key=lambda n: names[n])


async def test_merged_search_counts_everyone_it_found(graph, population):
    name = common_last_name(population)

    body = await query(graph, PERSONS, n=name)

    assert "errors" not in body, body
    found = body["data"]["persons"]
    expected = [p for p in population.people if p.last_name == name]
    assert found["pagination"]["totalCount"] == len(expected)


async def test_a_search_too_broad_to_merge_is_refused_not_cut(graph, population, monkeypatch):
    # With a bound of 2, a common name matches more prison-only candidates than the graph will hold:
    # it says so (BAD_USER_INPUT) instead of answering with a short list and a wrong totalCount.
    monkeypatch.setattr(search, "MAX_CHECKED_MATCHES", 2)

    body = await query(graph, PERSONS, n=common_last_name(population))

    assert body["data"]["persons"] is None
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "narrow" in error["message"]
