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


SAME_PERSON_FIELDS = "id hmppsId firstName lastName middleName dateOfBirth pncId prisonId"


async def test_a_person_found_by_search_reads_as_query_person_reads_them(graph, population):
    # One Node id, one set of values: a client cache that normalises by id must not see a name change
    # spelling depending on which query fetched it (ADR 0002: the prison record's names when there is one).
    person = next(p for p in population.people if p.crn and p.prisoner_number and p.last_name)
    by_id = await query(graph, f'{{ person(hmppsId: "{person.crn}") {{ {SAME_PERSON_FIELDS} }} }}')
    searched = await query(
        graph,
        f"query($n: String!) {{ persons(lastName: $n, perPage: 100) {{ items {{ {SAME_PERSON_FIELDS} }} }} }}",
        n=person.last_name,
    )

    assert "errors" not in by_id and "errors" not in searched, (by_id, searched)
    found = [p for p in searched["data"]["persons"]["items"] if p["hmppsId"] == person.crn]
    assert found == [by_id["data"]["person"]]
