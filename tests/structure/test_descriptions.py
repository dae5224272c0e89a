"""Every type, field and argument of the graph says what it is, so GraphiQL's documentation pane
explains the graph. Federation's own machinery (`_Service`, `link__...`) is Apollo's to describe."""

from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
)

from schema.build import build_schema

BUILT_IN_SCALARS = {"String", "Int", "Float", "Boolean", "ID"}


def undocumented() -> list[str]:
    missing: list[str] = []
    for name, graphql_type in build_schema()._schema.type_map.items():
        if name.startswith("_") or name.startswith("link__") or name in BUILT_IN_SCALARS:
            continue
        missing += _type(name, graphql_type)
    return missing


def _type(name: str, graphql_type: GraphQLNamedType) -> list[str]:
    missing = [] if graphql_type.description else [name]
    if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
        for field_name, field in graphql_type.fields.items():
            if field_name.startswith("_"):
                continue
            if not field.description:
                missing.append(f"{name}.{field_name}")
            for arg_name, arg in getattr(field, "args", {}).items():
                if not arg.description:
                    missing.append(f"{name}.{field_name}({arg_name})")
    elif not isinstance(graphql_type, GraphQLEnumType | GraphQLScalarType | GraphQLUnionType):
        missing.append(f"{name} (unexpected kind)")
    return missing


def test_every_type_field_and_argument_is_described():
    assert undocumented() == [], "add description= to these (README, 'How to add a field')"
