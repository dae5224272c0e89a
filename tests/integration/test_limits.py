"""Query limits (schema/limits.py): refused before anything executes, with the figure and the limit."""

from __future__ import annotations

import pytest

from schema import limits
from tests.conftest import query


def fragment_fan_out(levels: int, fan: int = 10) -> str:
    """`levels` fragments each spreading the next `fan` times: fan**levels selections in well under 1 KB."""
    fragments = "".join(
        f"fragment F{i} on Person {{ " + " ".join(f"...F{i + 1}" for _ in range(fan)) + " }\n" for i in range(levels)
    )
    return '{ person(hmppsId: "A1234BC") { ...F0 } }\n' + fragments + f"fragment F{levels} on Person {{ hmppsId }}"


async def test_fragment_fan_out_is_refused_with_its_figure(graph, simulator):
    document = fragment_fan_out(9)
    assert len(document.encode()) < 1024
    body = await query(graph, document)
    error = body["errors"][0]
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "selections": 10**9 + 1, "limit": 2000}
    assert body.get("data") is None
    assert sum(simulator.controls.endpoint_calls.values()) == 0


async def test_the_analysis_is_linear_in_the_document():
    # 300 levels of ten spreads: 10**300 selections, counted in 300 steps.
    from graphql import parse

    from schema.build import build_schema
    from settings import QueryLimits

    errors = limits.check(build_schema()._schema, parse(fragment_fan_out(300)), None, None, QueryLimits()).errors
    assert errors[0].extensions["selections"] == limits.REPORTED_MAX


async def test_a_token_bomb_is_query_too_complex(graph):
    document = "{ " + " ".join(f"a{i}: __typename" for i in range(6000)) + " }"
    body = await query(graph, document)
    assert body["errors"][0]["extensions"] == {"code": "QUERY_TOO_COMPLEX", "tokens": 15001, "limit": 15000}


async def test_comments_count_as_tokens(graph):
    document = "{ __typename }\n" + "#\n" * 20_000
    body = await query(graph, document)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_too_many_entity_representations(graph, simulator):
    representations = [{"__typename": "Person", "hmppsId": "A1234BC"}] * 5000
    body = await query(
        graph, "query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { hmppsId } } }", r=representations
    )
    assert body["errors"][0]["extensions"] == {"code": "QUERY_TOO_COMPLEX", "representations": 5000, "limit": 1000}
    assert sum(simulator.controls.endpoint_calls.values()) == 0


@pytest.mark.parametrize("per_page", ["perPage: 100", "perPage: $n"])
async def test_cost_multiplies_by_page_sizes(graph, per_page):
    alerts = " ".join(
        f"a{i}: alerts({per_page}) {{ items {{ code active dateCreated codeDescription type typeDescription }} }}"
        for i in range(5)
    )
    document = f'query($n: Int! = 100) {{ persons(lastName: "Smith", perPage: 100) {{ items {{ {alerts} }} }} }}'
    body = await query(graph, document, n=100)
    error = body["errors"][0]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["cost"] > error["extensions"]["limit"] == 250_000


async def test_a_small_query_is_not_limited(graph):
    body = await query(graph, '{ prison(prisonId: "MDI") { prisoners(perPage: 2) { items { hmppsId } } } }')
    assert "errors" not in body


def test_the_cache_is_bounded_in_entries_and_characters():
    cache: limits.BoundedCache[str, int] = limits.BoundedCache(max_entries=3, max_weight=10)
    for key in "abcd":
        cache.put(key, 1, 2)
    assert len(cache) == 3 and cache.get("a") is None
    cache.put("big", 1, 11)  # heavier than the whole cache: never kept
    assert cache.get("big") is None
    cache.put("e", 1, 6)
    assert cache.weight <= 10


LONG = 20_000  # characters: over max_cached_query_chars, so parsed and validated in a worker thread


@pytest.fixture
def parse_threads(monkeypatch) -> list[str]:
    """The names of the threads schema.limits parsed in."""
    import threading

    threads: list[str] = []
    real_parse = limits.parse_unlinking_tokens

    def recording_parse(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(limits, "parse_unlinking_tokens", recording_parse)
    return threads


async def test_a_long_document_is_parsed_off_the_event_loop(graph, parse_threads):
    document = '{ prison(prisonId: "MDI") { prisoners(perPage: 2) { items { hmppsId } } } }\n' + "#\n" * (LONG // 2)
    body = await query(graph, document)
    assert "errors" not in body, body["errors"]
    assert len(body["data"]["prison"]["prisoners"]["items"]) == 2
    assert parse_threads and "MainThread" not in parse_threads


@pytest.mark.parametrize(
    "document",
    [
        '{ prison(prisonId: "MDI") { prisoners { items { hmppsId } } }',  # unclosed
        "{ __typename ]",
        "query { person(hmppsId: ) { hmppsId } }",
    ],
)
async def test_a_long_documents_syntax_error_is_the_short_ones(graph, parse_threads, document):
    short = await query(graph, document)
    long = await query(graph, "\n" * LONG + document)
    assert parse_threads, "the long document was not parsed in a thread"
    assert long["errors"][0]["message"] == short["errors"][0]["message"]
    assert long["errors"][0]["extensions"] == short["errors"][0]["extensions"]
    [where] = short["errors"][0]["locations"]
    assert long["errors"][0]["locations"] == [{"line": where["line"] + LONG, "column": where["column"]}]


async def test_a_long_token_bomb_is_query_too_complex(graph, parse_threads):
    document = "{ " + " ".join(f"a{i}: __typename" for i in range(6000)) + " }"
    assert len(document) > LONG
    body = await query(graph, document)
    assert body["errors"][0]["extensions"] == {"code": "QUERY_TOO_COMPLEX", "tokens": 15001, "limit": 15000}
    assert parse_threads


async def test_a_long_documents_limits_and_validation_still_apply(graph):
    aliases = '{ person(hmppsId: "A1234BC") { ' + " ".join(f"a{i}: hmppsId" for i in range(60)) + " } }"
    body = await query(graph, aliases + " " * LONG)
    assert body["errors"][0]["extensions"] == {"code": "QUERY_TOO_COMPLEX", "aliases": 60, "limit": 50}
    body = await query(graph, "{ noSuchField }" + " " * LONG)
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_the_gil_turns_are_short_only_while_a_long_document_is_parsed(graph, monkeypatch):
    import sys

    seen: list[float] = []
    real_parse = limits.parse_unlinking_tokens

    def recording_parse(*args, **kwargs):
        seen.append(sys.getswitchinterval())
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(limits, "parse_unlinking_tokens", recording_parse)
    before = sys.getswitchinterval()
    body = await query(graph, "{ __typename }" + " " * LONG)
    assert body["data"] == {"__typename": "Query"}
    assert seen == [limits.GIL_TURN_SECONDS]
    assert sys.getswitchinterval() == before


async def test_overlapping_parses_restore_the_turns_when_the_last_ends():
    import asyncio
    import sys

    before = sys.getswitchinterval()
    first_in, release = asyncio.Event(), asyncio.Event()

    async def first():
        async with limits.short_gil_turns():
            first_in.set()
            await release.wait()

    task = asyncio.create_task(first())
    await first_in.wait()
    async with limits.short_gil_turns():
        assert sys.getswitchinterval() == limits.GIL_TURN_SECONDS
    assert sys.getswitchinterval() == limits.GIL_TURN_SECONDS  # the first is still parsing
    release.set()
    await task
    assert sys.getswitchinterval() == before


@pytest.mark.parametrize(
    "document",
    [
        '{ person(hmppsId: "A1234BC") { hmppsId alerts { items { code } } } }',
        "query Q($n: Int = 3) { a: __typename ...F } fragment F on Query { __typename }",
        "{ a b",  # a syntax error
        "{ " + "a " * 200 + "}",  # over the token limit given below
        "{ a" + " { a" * 2_000 + " }" * 2_001,  # too deeply nested for the recursion limit
    ],
)
def test_parsing_unlinked_is_graphql_cores_parse(document):
    from graphql import GraphQLError, parse

    try:
        expected: object = parse(document, max_tokens=100)
    except GraphQLError as error:
        expected = error.message
    try:
        got: object = limits.parse_unlinking_tokens(document, 100)
    except GraphQLError as error:
        got = error.message
    assert got == expected


def test_a_long_documents_tokens_are_freed_without_the_cyclic_collector():
    import gc

    from graphql import parse

    document = "{ " + " ".join(f"a{i}: __typename" for i in range(3000)) + " }"
    gc.collect()
    gc.disable()
    try:
        parse(document)
        left_by_graphql_core = gc.collect()
        limits.parse_unlinking_tokens(document, 15_000)
        left_unlinked = gc.collect()
    finally:
        gc.enable()
    assert left_by_graphql_core > 9_000  # its tokens: a cycle each pair
    assert left_unlinked < 100
