"""The GraphQL schema: an Apollo Federation 2 subgraph with Person @key(fields: "hmppsId")."""

from __future__ import annotations

import strawberry
from strawberry.extensions import ParserCache, ValidationCache

from schema.errors import ErrorCodes
from schema.person import Person
from schema.query import Query


class GraphSchema(strawberry.federation.Schema):
    def process_errors(self, errors, execution_context=None) -> None:
        """Errors are logged once, classified, by ErrorCodes; Strawberry's default would log each again."""


def build_schema() -> GraphSchema:
    return GraphSchema(
        query=Query,
        types=[Person],
        # Factories: a fresh extension per request; the parse and validation caches live at module level.
        extensions=[ErrorCodes, lambda: ParserCache(maxsize=512), lambda: ValidationCache(maxsize=512)],
    )


schema = build_schema()
