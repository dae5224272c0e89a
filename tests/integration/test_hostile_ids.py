"""Hostile identifiers fed to every ID and String argument of every root field, found by
introspection: always BAD_USER_INPUT or NOT_FOUND (or, for free-text search terms, a plain
answer), never INTERNAL_SERVER_ERROR, and the simulator never asked for a path it does not serve."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import httpx
import pytest

from server import create_app
from settings import Settings
from tests.unit.test_ids import HOSTILE

MORE_HOSTILE = [
    "%2e%2e%2f%2e%2e",
    "..%2F..%2Fadmin",
    "A1234BC/../../__admin/counters",
    "A1234BC?x=1",
    "A1234BC#x",
    "\\..\\..",
    "ab-cd-ef-gh/../..",
    "ab-cd-ef-g\u0127",
    "\ufeffMDI",
    "\u0000",
    "\t",
    "ＭＤＩ",
    "MDI\r\n",
    "1" * 19,
    "-1",
    "0x10",
    "1e3",
    "12\u0660",
    "x" * 1_000_000,
]
CORPUS = HOSTILE + MORE_HOSTILE
FREE_TEXT = {("persons", "firstName"), ("persons", "lastName"), ("prisoners", "firstName"), ("prisoners", "lastName")}


class PathRecorder:
    """Records every request the graph makes to the simulator, and whether the simulator had a route for it."""

    def __init__(self, app) -> None:
        self.app = app
        self.unrouted: list[str] = []
        self.paths: list[str] = []

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        self.paths.append(scope["path"])
        status = 0

        async def watch(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif status == 404 and b"No such endpoint" in message.get("body", b""):
                self.unrouted.append(scope["path"])
            await send(message)

        await self.app(scope, receive, watch)


@pytest.fixture
async def recorded(simulator) -> AsyncIterator[tuple[httpx.AsyncClient, PathRecorder]]:
    recorder = PathRecorder(simulator.app)
    app = create_app(Settings(), embedded_simulator=dataclasses.replace(simulator, app=recorder))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        yield client, recorder
    await app.state.upstreams.aclose()


# A well-formed value for each required root argument, given while another argument is attacked.
WELL_FORMED = {"prisonId": "MDI", "hmppsId": "A1234BC", "reference": "ab-cd-ef-gh", "contactId": "1"}


def unwrap(type_ref: dict) -> dict:
    while type_ref.get("ofType"):
        type_ref = type_ref["ofType"]
    return type_ref


async def root_string_arguments(client: httpx.AsyncClient) -> list[tuple[str, str, str, str]]:
    """(field, argument, GraphQL type as written, return kind) for every ID/String argument of Query."""
    document = """{ __schema { queryType { fields { name type { kind name ofType { kind name ofType { kind name } } }
      args { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }"""
    body = (await client.post("/graphql", json={"query": document})).json()
    found = []
    for field in body["data"]["__schema"]["queryType"]["fields"]:
        for arg in field["args"]:
            named = unwrap(arg["type"])
            if named["name"] in ("ID", "String"):
                if in_list(arg["type"]):  # Query.nodes(ids): each value as the list's one item
                    written = f"[{named['name']}!]!"
                else:
                    written = named["name"] + ("!" if arg["type"]["kind"] == "NON_NULL" else "")
                found.append((field["name"], arg["name"], written, unwrap(field["type"])["kind"]))
    return found


def in_list(type_ref: dict) -> bool:
    while type_ref:
        if type_ref["kind"] == "LIST":
            return True
        type_ref = type_ref.get("ofType") or {}
    return False


def selection(kind: str) -> str:
    return " { __typename }" if kind in ("OBJECT", "UNION", "INTERFACE") else ""


async def test_hostile_ids_on_every_root_argument(recorded):
    client, recorder = recorded
    arguments = await root_string_arguments(client)
    assert {(f, a) for f, a, _, _ in arguments} >= {
        ("person", "hmppsId"),
        ("prison", "prisonId"),
        ("visit", "reference"),
        ("visits", "prisonId"),
        ("contact", "contactId"),
        ("persons", "pncNumber"),
    }
    required = {(f, a) for f, a, w, _ in arguments if w.endswith("!")}
    seen = 0
    for field, argument, written, kind in arguments:
        # The field's other required arguments get a well-formed value, so only this one is hostile.
        others = "".join(f', {a}: "{WELL_FORMED[a]}"' for f, a in sorted(required) if f == field and a != argument)
        document = f"query($v: {written}) {{ {field}({argument}: $v{others}){selection(kind)} }}"
        for value in CORPUS:
            variables = {"v": [value] if written.startswith("[") else value}
            response = await client.post("/graphql", json={"query": document, "variables": variables})
            assert response.status_code == 200, (field, argument, value[:40], response.text[:300])
            body = response.json()
            codes = [e.get("extensions", {}).get("code") for e in body.get("errors", [])]
            assert "INTERNAL_SERVER_ERROR" not in codes, (field, argument, value[:40], body)
            if (field, argument) in FREE_TEXT:
                assert set(codes) <= {"BAD_USER_INPUT"}, (field, argument, value[:40], body)
            else:
                assert codes and set(codes) <= {"BAD_USER_INPUT", "NOT_FOUND"}, (field, argument, value[:40], body)
            seen += 1
    assert seen >= 6 * len(CORPUS)
    assert recorder.unrouted == []
    for path in recorder.paths:
        assert ".." not in path and "%2e" not in path.lower() and "\n" not in path, path


async def test_hostile_entity_representations(recorded):
    client, recorder = recorded
    document = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { hmppsId } } }"
    representations = [{"__typename": "Person", "hmppsId": value} for value in CORPUS] + [
        {"__typename": "Person"},
        {"__typename": "Person", "hmppsId": 5},
        {"__typename": "Person", "hmppsId": None},
        {"__typename": "Person", "hmppsId": "A1234BC", "extra": 1},
        {"__typename": "Nope", "hmppsId": "A1234BC"},
        {"hmppsId": "A1234BC"},
        5,
        "A1234BC",
        [],
    ]
    body = (await client.post("/graphql", json={"query": document, "variables": {"r": representations}})).json()
    codes = [e["extensions"]["code"] for e in body["errors"]]
    assert len(codes) == len(representations) and set(codes) <= {"BAD_USER_INPUT", "NOT_FOUND"}, body
    assert recorder.unrouted == []
