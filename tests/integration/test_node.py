"""The Node interface: `id` on every object with an identity, and Query.node / Query.nodes fetching
them again with exactly the access control of the type's own root field."""

from __future__ import annotations

import base64

import httpx
import pytest

from resolvers.ids import MAX_NODE_ID_LENGTH, global_id
from schema.build import build_schema
from schema.query import MAX_NODES, NODE_ROOTS
from server import create_app
from settings import Settings
from tests.conftest import query

NODE = """query($id: ID!) { node(id: $id) {
  __typename id
  ... on Person { hmppsId lastName }
  ... on Prison { prisonId }
  ... on Location { key localName }
  ... on Visit { reference visitPrisonId: prisonId }
  ... on ContactRecord { contactId lastName }
} }"""
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Person { hmppsId } } }"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.fixture
async def app_client(simulator):
    app = create_app(Settings(timeout_seconds=2.0), embedded_simulator=simulator)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        yield client
    await app.state.upstreams.aclose()


@pytest.fixture
def as_consumer(app_client, simulator):
    def for_consumer(name: str) -> httpx.AsyncClient:
        app_client.headers["Authorization"] = f"Bearer {simulator.auth.issue(name, [])}"
        return app_client

    return for_consumer


def codes(body: dict) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


async def test_every_node_type_has_a_root_and_an_id_rule():
    """A type that implements Node but that Query.node cannot fetch would break Relay's refetch."""
    schema = build_schema()
    implementations = {t.name for t in schema._schema.get_implementations(schema._schema.type_map["Node"]).objects}
    assert implementations == set(NODE_ROOTS) == {"Person", "Prison", "Location", "Visit", "ContactRecord"}


async def test_each_type_is_fetched_again_by_its_id(graph, population):
    p = next(p for p in population.prisoners_in("MDI") if p.crn and p.cell_location)
    body = await query(
        graph,
        """query($id: ID!) { person(hmppsId: $id) {
          id cellLocation { id location { id key } } futureVisits { id reference }
          contacts(perPage: 1) { items { contact { contactId } } }
        } prison(prisonId: "MDI") { id prisonId } }""",
        id=p.crn,
    )
    assert "errors" not in body, body
    found = body["data"]["person"]
    location = found["cellLocation"]["location"]
    prison = body["data"]["prison"]
    assert found["id"] == global_id("Person", p.crn) == b64(f"Person:{p.crn}")
    assert location["id"] == b64(f"Location:{location['key']}")
    assert prison["id"] == b64("Prison:MDI")
    expected = [
        (found["id"], {"__typename": "Person", "hmppsId": p.crn, "lastName": p.last_name.upper()}),
        (location["id"], {"__typename": "Location", "key": p.cell_key}),
        (prison["id"], {"__typename": "Prison", "prisonId": "MDI"}),
    ]
    if found["futureVisits"]:
        visit = found["futureVisits"][0]
        expected.append((visit["id"], {"__typename": "Visit", "reference": visit["reference"], "visitPrisonId": "MDI"}))
    if found["contacts"]["items"]:
        contact_id = found["contacts"]["items"][0]["contact"]["contactId"]
        expected.append(
            (global_id("ContactRecord", str(contact_id)), {"__typename": "ContactRecord", "contactId": contact_id})
        )
    for node_id, fields in expected:
        body = await query(graph, NODE, id=node_id)
        node = body["data"]["node"]
        assert node is not None, body
        assert node["id"] == node_id
        assert {k: node[k] for k in fields} == fields


async def test_the_same_person_has_the_same_id_from_every_root(graph):
    wing = await query(
        graph,
        '{ prison(prisonId: "MDI") { prisoners(perPage: 100) { items { id hmppsId identifiers { nomisNumber } } } } }',
    )
    listed = next(
        x for x in wing["data"]["prison"]["prisoners"]["items"] if x["hmppsId"] != x["identifiers"]["nomisNumber"]
    )
    by_crn, by_noms = [
        (await query(graph, "query($id: ID!) { person(hmppsId: $id) { id } }", id=i))["data"]["person"]["id"]
        for i in (listed["hmppsId"], listed["identifiers"]["nomisNumber"])
    ]
    assert by_crn == by_noms == listed["id"]


async def test_the_id_reveals_no_identifier_beyond_hmpps_id(graph, population):
    """The id is made from hmppsId (readable by every consumer), so a prisoner with a CRN does not
    have their NOMIS number in it, and one without a CRN has their NOMIS number, as hmppsId."""
    with_crn = next(p for p in population.prisoners_in("MDI") if p.crn)
    prison_only = next(p for p in population.people if p.prisoner_number and not p.crn and p.in_prison)
    for p in (with_crn, prison_only):
        body = await query(graph, "query($id: ID!) { person(hmppsId: $id) { id hmppsId } }", id=p.prisoner_number)
        person = body["data"]["person"]
        assert person["hmppsId"] == p.hmpps_id and person["id"] == global_id("Person", p.hmpps_id)
        assert (await query(graph, NODE, id=person["id"]))["data"]["node"]["hmppsId"] == p.hmpps_id


async def test_a_probation_only_persons_id_is_their_crn(graph, population):
    p = next(p for p in population.people if p.crn and not p.prisoner_number)
    body = await query(graph, "query($id: ID!) { person(hmppsId: $id) { id } }", id=p.crn)
    node_id = body["data"]["person"]["id"]
    assert node_id == global_id("Person", p.crn)
    assert (await query(graph, NODE, id=node_id))["data"]["node"]["hmppsId"] == p.crn


async def test_an_unknown_object_is_not_found(graph):
    for node_id in [
        global_id("Person", "A0000AA"),
        global_id("Visit", "zz-zz-zz-zz"),
        global_id("Location", "MDI-Z-9-999"),
    ]:
        body = await query(graph, NODE, id=node_id)
        assert body["data"]["node"] is None and codes(body) == ["NOT_FOUND"], body


@pytest.mark.parametrize(
    "node_id",
    [
        "not base64!",
        "UGVyc29u",  # "Person": no key
        b64("Person:"),
        b64("Person:../../admin"),
        b64("Person:A1234BC\n"),
        b64("Alert:A1234BC"),
        b64("Location:MDI-A-1-001/../x"),
        b64("ContactRecord:-1"),
        b64("Prison:MDI") + "=",
        "A" * (MAX_NODE_ID_LENGTH + 4),
        base64.b64encode("Person:A1234BĆ".encode()).decode(),
    ],
)
async def test_a_malformed_id_is_bad_user_input_without_an_upstream_call(graph, simulator, node_id):
    body = await query(graph, NODE, id=node_id)
    assert body["data"]["node"] is None and codes(body) == ["BAD_USER_INPUT"], body
    assert node_id not in body["errors"][0]["message"]
    assert sum(simulator.controls.endpoint_calls.values()) == 0


async def test_nodes_answers_in_order_with_an_error_per_id(graph, population):
    p = next(p for p in population.prisoners_in("MDI") if p.crn)
    ids = [
        global_id("Person", p.crn),
        "nonsense",
        global_id("Person", "A0000AA"),
        global_id("Prison", "LEI"),
    ]
    body = await query(graph, NODES, ids=ids)
    nodes = body["data"]["nodes"]
    assert nodes[0] == {"__typename": "Person", "id": ids[0], "hmppsId": p.crn}
    assert nodes[1] is None and nodes[2] is None
    assert nodes[3] == {"__typename": "Prison", "id": ids[3]}
    assert sorted((e["path"], e["extensions"]["code"]) for e in body["errors"]) == [
        (["nodes", 1], "BAD_USER_INPUT"),
        (["nodes", 2], "NOT_FOUND"),
    ]


async def test_nodes_takes_a_bounded_number_of_ids(graph):
    body = await query(graph, NODES, ids=[global_id("Prison", "MDI")] * (MAX_NODES + 1))
    assert codes(body) == ["BAD_USER_INPUT"]


async def test_a_filtered_person_is_not_found_exactly_as_one_who_does_not_exist(as_consumer, population):
    """private-prison-operator sees MDI and LEI only: a person held elsewhere, their cell, their
    prison and their visits are all NOT_FOUND through node, as through their own roots."""
    client = as_consumer("private-prison-operator")
    elsewhere = next(
        p
        for p in population.people
        if p.prisoner_number and p.prison_id not in (None, "OUT", "MDI", "LEI") and p.cell_location
    )
    hidden = [
        global_id("Person", elsewhere.prisoner_number),
        global_id("Prison", elsewhere.prison_id),
        global_id("Location", elsewhere.cell_key),
    ]
    via_root = await query(client, "query($id: ID!) { person(hmppsId: $id) { hmppsId } }", id=elsewhere.prisoner_number)
    assert codes(via_root) == ["NOT_FOUND"]
    for node_id in hidden:
        body = await query(client, NODE, id=node_id)
        assert body["data"]["node"] is None and codes(body) == ["NOT_FOUND"], node_id
    unknown = await query(client, NODE, id=global_id("Person", "A0000AA"))
    person = await query(client, NODE, id=hidden[0])
    assert (
        person["errors"][0]["message"].replace(elsewhere.prisoner_number, "A0000AA") == unknown["errors"][0]["message"]
    )
    # The same consumer fetches people in its own prisons.
    mine = next(p for p in population.prisoners_in("MDI"))
    body = await query(client, NODE, id=global_id("Person", mine.prisoner_number))
    assert body["data"]["node"]["__typename"] == "Person"
    body = await query(client, NODES, ids=[global_id("Person", mine.prisoner_number), hidden[0]])
    assert body["data"]["nodes"][0]["id"] and body["data"]["nodes"][1] is None and codes(body) == ["NOT_FOUND"]


async def test_a_type_whose_root_the_consumer_may_not_read_is_forbidden(as_consumer, population):
    """probation-partner may read Query.person but not Query.prison, Query.visit or Query.contact."""
    client = as_consumer("probation-partner")
    for node_id in [global_id("Prison", "MDI"), global_id("Location", "MDI-A"), global_id("ContactRecord", "1")]:
        body = await query(client, NODE, id=node_id)
        assert body["data"]["node"] is None and codes(body) == ["FORBIDDEN"], node_id
    p = next(p for p in population.people if p.crn and not p.prisoner_number and not (p.restricted or p.excluded))
    body = await query(
        client, "query($id: ID!) { node(id: $id) { id ... on Person { lastName } } }", id=global_id("Person", p.crn)
    )
    assert body["data"]["node"]["lastName"].upper() == p.last_name.upper(), body


async def test_reference_only_consumer_may_fetch_no_node(as_consumer):
    client = as_consumer("reference-only")
    body = await query(client, NODE, id=global_id("Person", "A1234BC"))
    assert body["data"]["node"] is None and codes(body) == ["FORBIDDEN"]
