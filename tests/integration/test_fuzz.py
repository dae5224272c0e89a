"""Property tests (hypothesis) over the HTTP body and over variables: whatever a client sends, the
answer is never a 500, every error has a code, and nothing unmasked (a Python exception's text)
reaches the client. Bounded: 200 examples each, no deadline."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def dumps(value: object) -> bytes:
    return json.dumps(value).encode()  # the standard library: integers of any size, lone surrogates escaped


FUZZ = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], database=None
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=20,
)

QUERIES = [
    "{ __typename }",
    '{ person(hmppsId: "A1234BC") { hmppsId firstName alerts { items { code } } } }',
    "query($id: ID!) { person(hmppsId: $id) { hmppsId } }",
    "query($p: ID!, $n: Int!) { visits(prisonId: $p, perPage: $n) { items { reference } } }",
    "query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { hmppsId } } }",
    "query($f: String, $d: Date, $n: Int!) { persons(firstName: $f, dateOfBirth: $d, perPage: $n) { items { hmppsId } } }",
    "query($c: ID!) { contact(contactId: $c) { contactId } }",
    "query($r: String!) { visit(reference: $r) { reference } }",
    "query($p: ID!) { prison(prisonId: $p) { prisoners(perPage: 2) { items { hmppsId } } } }",
    "mutation { x }",
    "subscription { x }",
    "{ person(",
    'fragment A on Person { ...A } { person(hmppsId: "A1234BC") { ...A } }',
]

query_texts = st.sampled_from(QUERIES) | st.text(max_size=200) | st.sampled_from(QUERIES).map(lambda q: q[::-1])

request_objects = st.fixed_dictionaries(
    {},
    optional={
        "query": query_texts | json_values,
        "variables": json_values,
        "operationName": st.none() | st.text(max_size=10) | st.integers(),
        "extensions": json_values,
    },
)

bodies = (
    st.binary(max_size=500)
    | json_values.map(dumps)
    | request_objects.map(dumps)
    | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass"))
)


def assert_handled(response) -> None:
    assert response.status_code < 500, response.text[:500]
    text = response.text
    assert "Traceback" not in text and "site-packages" not in text and '.py"' not in text, text[:500]
    if response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        for error in body.get("errors", []) if isinstance(body, dict) else []:
            code = error.get("extensions", {}).get("code")
            assert code and code != "INTERNAL_SERVER_ERROR", error


@FUZZ
@given(body=bodies, content_type=st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain"]))
async def test_any_http_body(graph, body, content_type):
    assert_handled(await graph.post("/graphql", content=body, headers={"content-type": content_type}))


@FUZZ
@given(
    document=st.sampled_from(QUERIES),
    variables=st.dictionaries(st.sampled_from(["id", "p", "n", "r", "f", "d", "c", "x"]), json_values, max_size=4),
)
async def test_any_variables(graph, document, variables):
    assert_handled(await graph.post("/graphql", json={"query": document, "variables": variables}))


@FUZZ
@given(
    params=st.dictionaries(st.sampled_from(["query", "variables", "operationName", "extensions"]), st.text(max_size=80))
)
async def test_any_get_parameters(graph, params):
    assert_handled(await graph.get("/graphql", params=params, headers={"accept": "application/json"}))
