"""schema.graphql is the schema the code builds, and no change breaks consumers unless CHANGELOG.md says so.

graphql-core's find_breaking_changes compares the last released schema (schema.released.graphql)
with the code's: additions are never breaking; a removal or a changed type must be listed, with its
schema coordinate in backticks, under "### Breaking changes" in CHANGELOG.md's Unreleased section.
"""

from __future__ import annotations

import re
from pathlib import Path

import graphql
from graphql import BreakingChange, GraphQLSchema

from schema.build import build_schema

ROOT = Path(__file__).resolve().parents[2]
REGENERATE = "person-graph export-schema > schema.graphql"
# Names and coordinates in graphql-core's descriptions ("Field Person.alerts changed type from ...").
NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*(?:\.[_A-Za-z][_0-9A-Za-z]*)?")


def sdl_schema(text: str) -> GraphQLSchema:
    # Federation's directives (@key, @link) are used in the SDL without being defined in it.
    return graphql.build_schema(text, assume_valid_sdl=True)


def listed_breaking_changes(changelog: str) -> set[str]:
    """Coordinates in backticks under "### Breaking changes" of the Unreleased section."""
    unreleased = changelog.split("\n## Unreleased", 1)[1].split("\n## ", 1)[0]
    section = (
        unreleased.split("\n### Breaking changes", 1)[1].split("\n### ", 1)[0]
        if "\n### Breaking changes" in unreleased
        else ""
    )
    return set(re.findall(r"^- `([^`]+)`", section, re.M))


def unlisted(changes: list[BreakingChange], listed: set[str]) -> list[str]:
    """Each breaking change whose description names no listed coordinate (`Type.field`, or `Type` for all of it)."""
    found = []
    for change in changes:
        names = set(NAME.findall(change.description))
        if not any(coordinate in names or coordinate.split(".")[0] in names for coordinate in listed):
            found.append(f"{change.type.name}: {change.description}")
    return found


def test_schema_graphql_is_the_codes_schema():
    committed = (ROOT / "schema.graphql").read_text()
    current = build_schema().as_str() + "\n"
    assert committed == current, (
        f"schema.graphql differs from the schema the code builds: run `{REGENERATE}` and commit it "
        "(and note any change for consumers in CHANGELOG.md)"
    )


def test_no_unlisted_breaking_change_since_the_last_release():
    released = sdl_schema((ROOT / "schema.released.graphql").read_text())
    changes = graphql.find_breaking_changes(released, build_schema()._schema)
    problems = unlisted(changes, listed_breaking_changes((ROOT / "CHANGELOG.md").read_text()))
    assert not problems, (
        "breaking changes since schema.released.graphql, not listed under '### Breaking changes' in "
        "CHANGELOG.md's Unreleased section:\n" + "\n".join(problems)
    )


RELEASED = """
type Query { person(hmppsId: ID!): Person }
type Person { hmppsId: ID! firstName: String alerts: [String!]! }
"""


def test_the_check_catches_a_removed_or_changed_field_and_accepts_it_once_listed():
    changed = sdl_schema("""
        type Query { person(hmppsId: ID!): Person }
        type Person { hmppsId: ID! alerts: [Int!]! middleName: String }
    """)
    changes = graphql.find_breaking_changes(sdl_schema(RELEASED), changed)
    assert sorted(unlisted(changes, set())) == [
        "FIELD_CHANGED_KIND: Field Person.alerts changed type from [String!]! to [Int!]!.",
        "FIELD_REMOVED: Field Person.firstName was removed.",
    ]
    changelog = "# Changelog\n## Unreleased\n### Breaking changes\n- `Person.firstName`: removed\n- `Person.alerts`: now codes\n## 0.1.0\n"
    assert unlisted(changes, listed_breaking_changes(changelog)) == []
    listed_in_an_old_release = (
        "# Changelog\n## Unreleased\n## 0.1.0\n### Breaking changes\n- `Person.firstName`: removed\n"
    )
    assert len(unlisted(changes, listed_breaking_changes(listed_in_an_old_release))) == 2


def test_an_added_field_is_not_breaking():
    added = sdl_schema(RELEASED.replace("alerts: [String!]!", "alerts: [String!]! visits: [String!]"))
    assert graphql.find_breaking_changes(sdl_schema(RELEASED), added) == []
