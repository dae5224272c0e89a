"""A whole profile: every Person field, found by introspection, for one person of each kind.

New fields join the query by themselves, so a field that fails for some kind of person (released,
probation-only, limited access ...) fails here. Errors allowed are only the expected ones:
FORBIDDEN for limited-access withholding and for fields a consumer's role does not include,
NOT_FOUND for a person the consumer's prisons filter hides.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from server import create_app
from settings import Settings
from tests.conftest import query

INTROSPECT = """{ __schema { types { name kind fields {
  name args { name defaultValue type { kind name ofType { kind name ofType { kind name } } } }
  type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
} } } }"""

# Values for required arguments a whole-profile query has to give.
REQUIRED_ARGUMENTS = {"eventNumber": "1"}
MAX_DEPTH = 4


def named(type_ref: dict[str, Any]) -> tuple[str, str]:
    while type_ref.get("ofType"):
        type_ref = type_ref["ofType"]
    return type_ref["kind"], type_ref["name"]


def selection(types: dict[str, Any], type_name: str, depth: int, seen: frozenset[str]) -> str:
    parts = []
    for field in types[type_name]["fields"] or []:
        if field["name"].startswith("_"):
            continue
        args = []
        skip = False
        for arg in field["args"]:
            if arg["type"]["kind"] == "NON_NULL" and arg["defaultValue"] is None:
                if arg["name"] not in REQUIRED_ARGUMENTS:
                    skip = True
                    break
                args.append(f"{arg['name']}: {REQUIRED_ARGUMENTS[arg['name']]}")
        if skip:
            continue
        call = field["name"] + (f"({', '.join(args)})" if args else "")
        kind, name = named(field["type"])
        if kind in ("SCALAR", "ENUM"):
            parts.append(call)
        elif kind in ("OBJECT", "INTERFACE") and name not in seen and depth < MAX_DEPTH:
            inner = selection(types, name, depth + 1, seen | {name})
            if inner:
                parts.append(f"{call} {{ {inner} }}")
    return " ".join(parts)


async def whole_profile_query(client: httpx.AsyncClient) -> str:
    body = await query(client, INTROSPECT)
    types = {t["name"]: t for t in body["data"]["__schema"]["types"]}
    # A person inside a person (a non-association's other person ...) is the same type: not again.
    return f"query($id: ID!) {{ person(hmppsId: $id) {{ {selection(types, 'Person', 1, frozenset({'Person'}))} }} }}"


def error_codes(body: dict[str, Any]) -> set[str]:
    return {e["extensions"]["code"] for e in body.get("errors", [])}


@pytest.mark.parametrize(
    ("kind", "hmpps_id", "allowed"),
    [
        ("in prison", "A1234BC", set()),
        ("in prison, by CRN", "X123456", set()),
        ("released", "X234567", set()),
        ("probation only", "X345678", set()),
        ("prison only", "A6789FG", set()),
        ("in transfer (TRN)", "A7890GH", set()),
        ("in transfer, by CRN", "X678901", set()),
        ("restricted (limited access)", "X456789", {"FORBIDDEN"}),
        ("excluded (limited access)", "X567890", {"FORBIDDEN"}),
    ],
)
async def test_whole_profile_for_each_kind_of_person(graph, kind, hmpps_id, allowed):
    document = await whole_profile_query(graph)

    body = await query(graph, document, id=hmpps_id)

    assert body["data"]["person"] is not None, body.get("errors")
    assert error_codes(body) <= allowed, [(e["path"], e["extensions"]) for e in body.get("errors", [])]
    for error in body.get("errors", []):  # limited access withholds, with its reason; nothing else fails
        assert error["extensions"].get("reason") == "LIMITED_ACCESS", error


@pytest.fixture
async def as_prison_operator(simulator):
    app = create_app(Settings(timeout_seconds=2.0), embedded_simulator=simulator)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        client.headers["Authorization"] = f"Bearer {simulator.auth.issue('private-prison-operator', [])}"
        yield client
    await app.state.upstreams.aclose()


OPERATOR_FORBIDDEN = {("person", "risks", name) for name in ("seriousHarm", "scores", "mappaDetail", "dynamic")}


@pytest.mark.parametrize(
    ("kind", "hmpps_id", "seen"),
    [
        ("in MDI", "A1234BC", True),
        ("limited access, in MDI", "A5678EF", True),
        ("in BMI", "A6789FG", False),
        ("released", "X234567", False),
        ("in transfer (TRN: in no prisons list)", "A7890GH", False),
        ("probation only", "X345678", False),
    ],
)
async def test_whole_profile_for_a_prison_filtered_consumer(graph, as_prison_operator, kind, hmpps_id, seen):
    # private-prison-operator: prisons MDI and LEI; its role includes Person.* and Risks.categories only.
    document = await whole_profile_query(graph)

    body = await query(as_prison_operator, document, id=hmpps_id)

    if not seen:  # held elsewhere, released, in transfer or known only to probation: as if they did not exist
        assert body["data"]["person"] is None
        assert error_codes(body) == {"NOT_FOUND"}
        return
    assert body["data"]["person"] is not None
    assert error_codes(body) <= {"FORBIDDEN"}
    for error in body.get("errors", []):  # the role's limits, and for a limited-access case its withholding
        assert (
            tuple(error["path"][:3]) in OPERATOR_FORBIDDEN or error["extensions"].get("reason") == "LIMITED_ACCESS"
        ), error
