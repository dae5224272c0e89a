"""Builds the GraphQL schema: an Apollo Federation 2 subgraph with Person @key(fields: "hmppsId").

Built by a function the server calls, not at import time, so importing any schema module (a type,
for a resolver or a test) never pulls in the whole graph.
"""

from __future__ import annotations

import functools
from typing import Any

import strawberry
from graphql import GraphQLError, GraphQLObjectType
from strawberry.federation.schema import FederationAny
from strawberry.types import ExecutionContext, Info

from resolvers.errors import BadUserInput
from schema.audit import WriteAudit
from schema.errors import ErrorCodes
from schema.limits import QueryGuard
from schema.mutation import Mutation
from schema.permissions import GUARDED_TYPES, GuardedExecution, check_executor_signatures
from schema.person import Person
from schema.query import Query
from schema.scalars import SCALAR_OVERRIDES


class GraphSchema(strawberry.federation.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        """Errors are logged once, classified, by ErrorCodes; Strawberry's default would log each again."""

    def entities_resolver(self, info: Info, representations: list[FederationAny]) -> list[FederationAny]:
        """`_entities`: each representation must be `{__typename: "Person", hmppsId: String}`; any other
        is BAD_USER_INPUT at its index (Strawberry's own resolver fails the whole field on one)."""
        results: list[object] = []
        for representation in representations:
            if (
                isinstance(representation, dict)
                and representation.get("__typename") == "Person"
                and isinstance(representation.get("hmppsId"), str)
                and len(representation) == 2
            ):
                results.append(Person.resolve_reference(info, hmppsId=strawberry.ID(representation["hmppsId"])))
            else:
                results.append(
                    BadUserInput(
                        'A representation must be {"__typename": "Person", "hmppsId": "..."}',
                        argument="representations",
                    )
                )
        return results  # type: ignore[return-value]


@functools.cache
def build_schema() -> GraphSchema:
    """The graph's schema; built once per process (the parse and validation caches live with it)."""
    check_executor_signatures()  # access control relies on graphql-core internals: refuse to start without them
    extensions: list[Any] = [
        WriteAudit,
        ErrorCodes,
        # Parse and validation caches, and bounds on what one request may ask for (depth,
        # aliases, selections after fragment expansion, estimated cost, tokens): over them is
        # QUERY_TOO_COMPLEX before anything executes. The deepest real query, a wing list with
        # cell hierarchy, is 8 levels. Limits come from settings.QueryLimits via the context.
        QueryGuard,
    ]
    return GraphSchema(
        query=Query,
        mutation=Mutation,
        types=[Person],
        extensions=extensions,
        execution_context_class=GuardedExecution,
        scalar_overrides=SCALAR_OVERRIDES,
    )


def guarded_fields(schema: GraphSchema) -> dict[str, set[str]]:
    """Field names of each guarded type, to check a consumers file's coordinates against."""
    type_map = schema._schema.type_map
    fields = {
        name: set(graphql_type.fields)
        for name in GUARDED_TYPES
        if isinstance(graphql_type := type_map.get(name), GraphQLObjectType)
    }
    if "Query" in fields:
        fields["Query"].add("__schema")  # `Query.__schema`: may introspect in production mode
    return fields
