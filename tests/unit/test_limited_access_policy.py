"""LIMITED_ACCESS_POLICY (access/redactions.py) is the one place naming the limited-access fields:
it and the fields carrying the LimitedAccessPolicy extension must agree, in both directions."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from access.redactions import LIMITED_ACCESS_POLICY, REDACTED, mask
from schema.build import build_schema
from schema.permissions import LimitedAccessPolicy


def _schema():
    return build_schema()


def fields_with_the_extension() -> set[str]:
    found = set()
    built = _schema()
    for definition in built.schema_converter.type_map.values():
        type_definition = definition.definition
        for field in getattr(type_definition, "fields", ()):
            if any(isinstance(e, LimitedAccessPolicy) for e in field.extensions):
                found.add(f"{type_definition.name}.{built.config.name_converter.get_graphql_name(field)}")
    return found


def test_the_schema_has_limited_access_fields() -> None:
    assert fields_with_the_extension()  # the walk below would pass vacuously otherwise


def test_every_policy_entry_is_a_schema_field_carrying_the_extension() -> None:
    graphql_schema = _schema()._schema
    for coordinate in LIMITED_ACCESS_POLICY:
        type_name, _, field_name = coordinate.partition(".")
        graphql_type = graphql_schema.type_map.get(type_name)
        assert graphql_type is not None and field_name in graphql_type.fields, f"{coordinate} is not in the schema"
    missing = set(LIMITED_ACCESS_POLICY) - fields_with_the_extension()
    assert not missing, f"in LIMITED_ACCESS_POLICY but without the LimitedAccessPolicy extension: {sorted(missing)}"


def test_every_field_carrying_the_extension_is_in_the_policy() -> None:
    extra = fields_with_the_extension() - set(LIMITED_ACCESS_POLICY)
    assert not extra, f"carry the LimitedAccessPolicy extension but LIMITED_ACCESS_POLICY says nothing: {sorted(extra)}"


def test_mask_reaches_into_list_fields_by_a_dotted_name() -> None:
    @dataclass
    class Amendment:
        additionalNoteText: str | None

    @dataclass
    class Note:
        text: str | None
        type: str
        amendments: list[Amendment] = dataclasses.field(default_factory=list)

    @dataclass
    class Page:
        items: list[Note]

    page = Page(items=[Note("secret", "KA", [Amendment("more"), Amendment(None)]), Note(None, "GEN")])

    mask(page, ("text", "amendments.additionalNoteText"))

    assert [(n.text, n.type) for n in page.items] == [(REDACTED, "KA"), (None, "GEN")]
    assert [a.additionalNoteText for a in page.items[0].amendments] == [REDACTED, None]  # nothing stays nothing
