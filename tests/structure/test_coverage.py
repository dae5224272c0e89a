"""docs/integration-api-coverage.md is a test: one row per endpoint of the Integration API v1
reference (specs/seeds/), each naming graph coordinates that exist, each done or not applicable."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graphql import GraphQLObjectType

from schema.build import build_schema

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "specs" / "seeds" / "integration-api-v1.txt"
TABLE = ROOT / "docs" / "integration-api-coverage.md"
STATUSES = {"done", "planned", "not applicable"}
# Endpoints whose path line the reference lost: their summary, and the path the Integration API serves them at.
PATHLESS = {"Searches for visits by prisonId and criteria.": "/v1/prison/{prisonId}/visit/search"}
# Rows still to be built. Empty it as they are done; a row may not go back to planned.
PLANNED: set[str] = set()


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    coordinates: tuple[str, ...]
    status: str
    notes: str

    @property
    def endpoint(self) -> str:
        return f"{self.method} {self.path}"


def seed_endpoints(text: str) -> list[str]:
    """`METHOD /path` of every endpoint: a method line, after its path (or, where the reference lost
    the path, before a summary named in PATHLESS; any other pathless method fails)."""
    lines = [line.strip() for line in text.splitlines()]
    found = []
    for i, line in enumerate(lines):
        if line not in ("get", "post", "put", "patch", "delete"):
            continue
        before = next((b for b in reversed(lines[:i]) if b), "")
        if re.fullmatch(r"/(v1|queue-admin)/\S*", before):
            found.append(f"{line.upper()} {before}")
        else:
            summary = next((a for a in lines[i + 1 :] if a), "")
            assert summary in PATHLESS, f"an endpoint with no path in the reference: {summary!r}"
            found.append(f"{line.upper()} {PATHLESS[summary]}")
    return found


def table_rows(text: str) -> list[Row]:
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] not in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            continue
        method, path, coordinate, status, notes = cells
        coordinates = tuple(re.findall(r"`([A-Z]\w*\.\w+)", coordinate))
        rows.append(Row(method, path.strip("`"), coordinates, status, notes))
    return rows


def schema_coordinates() -> set[str]:
    type_map = build_schema()._schema.type_map
    return {
        f"{name}.{field}"
        for name, graphql_type in type_map.items()
        if isinstance(graphql_type, GraphQLObjectType)
        for field in graphql_type.fields
    }


def test_the_seed_parser_reads_endpoints():
    text = "/v1/persons\n\nget\n\nReturns ...\n/v1/things/{id}\npost\n/v1/not-an-endpoint\nSchema\n"
    assert seed_endpoints(text) == ["GET /v1/persons", "POST /v1/things/{id}"]
    lost = "Error\n\nget\n\nSearches for visits by prisonId and criteria.\n"
    assert seed_endpoints(lost) == ["GET /v1/prison/{prisonId}/visit/search"]


def test_every_seed_endpoint_has_exactly_one_row():
    endpoints = seed_endpoints(SEED.read_text())
    rows = [row.endpoint for row in table_rows(TABLE.read_text())]
    assert len(endpoints) >= 50, "the seed parser found too few endpoints"
    assert sorted(set(endpoints) - set(rows)) == [], "seed endpoints with no row in the coverage table"
    assert sorted(set(rows) - set(endpoints)) == [], "rows for endpoints the seed does not have"
    assert len(rows) == len(set(rows)), "an endpoint with two rows"


def test_every_coordinate_is_in_the_schema():
    known = schema_coordinates()
    missing = [(row.endpoint, c) for row in table_rows(TABLE.read_text()) for c in row.coordinates if c not in known]
    assert missing == []


def test_every_row_is_done_or_not_applicable_with_its_reason():
    for row in table_rows(TABLE.read_text()):
        assert row.status in STATUSES, row
        if row.status == "not applicable":
            assert row.notes, f"{row.endpoint}: say why it is not applicable"
        elif row.status == "done":
            assert row.coordinates, f"{row.endpoint}: done, but names no graph coordinate"
        else:
            assert row.endpoint in PLANNED, f"{row.endpoint} is {row.status!r}"
