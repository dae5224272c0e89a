"""Builds the GraphQL schema: an Apollo Federation 2 subgraph with Person @key(fields: "hmppsId").

Built by a function the server calls, not at import time, so importing any schema module (a type,
for a resolver or a test) never pulls in the whole graph.
"""

from __future__ import annotations

import functools
from typing import Any

import strawberry
from graphql import GraphQLError, GraphQLObjectType
from strawberry.extensions import AddValidationRules, ParserCache, ValidationCache
from strawberry.extensions.max_aliases import create_validator as max_aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as max_depth_rule
from strawberry.types import ExecutionContext

from schema.audit import WriteAudit
from schema.errors import ErrorCodes
from schema.permissions import GUARDED_TYPES, GuardedExecution, check_executor_signatures
from schema.person import Person
from schema.query import Query

MAX_DEPTH = 12
MAX_ALIASES = 50
# Built once: the validation cache is keyed by the rule classes, so rules made per request
# (as QueryDepthLimiter and MaxAliasesLimiter make them) would never hit it.
QUERY_LIMITS = (max_depth_rule(MAX_DEPTH, should_ignore=None), max_aliases_rule(MAX_ALIASES))


class GraphSchema(strawberry.federation.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        """Errors are logged once, classified, by ErrorCodes; Strawberry's default would log each again."""


@functools.cache
def build_schema() -> GraphSchema:
    """The graph's schema; built once per process (the parse and validation caches live with it)."""
    check_executor_signatures()  # access control relies on graphql-core internals: refuse to start without them
    extensions: list[Any] = [
        WriteAudit,
        ErrorCodes,
        lambda: ParserCache(maxsize=512),
        # Bounds on what one request may ask for (the deepest real query, a wing list with cell
        # hierarchy, is 8 levels); over them is QUERY_TOO_COMPLEX before anything executes.
        lambda: AddValidationRules(list(QUERY_LIMITS)),
        lambda: ValidationCache(maxsize=512),
    ]
    return GraphSchema(
        query=Query,
        types=[Person],
        extensions=extensions,
        execution_context_class=GuardedExecution,
    )


def guarded_fields(schema: GraphSchema) -> dict[str, set[str]]:
    """Field names of each guarded type, to check a consumers file's coordinates against."""
    type_map = schema._schema.type_map
    return {
        name: set(graphql_type.fields)
        for name in GUARDED_TYPES
        if isinstance(graphql_type := type_map.get(name), GraphQLObjectType)
    }
