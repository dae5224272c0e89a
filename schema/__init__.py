"""The GraphQL schema: an Apollo Federation 2 subgraph with Person @key(fields: "hmppsId")."""

from __future__ import annotations

import strawberry
from strawberry.extensions import AddValidationRules, ParserCache, ValidationCache
from strawberry.extensions.max_aliases import create_validator as max_aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as max_depth_rule

from schema.audit import WriteAudit
from schema.errors import ErrorCodes
from schema.permissions import GuardedExecution
from schema.person import Person
from schema.query import Query
from schema.scalars import SCALAR_OVERRIDES

MAX_DEPTH = 12
MAX_ALIASES = 50
# Built once: the validation cache is keyed by the rule classes, so rules made per request
# (as QueryDepthLimiter and MaxAliasesLimiter make them) would never hit it.
QUERY_LIMITS = (max_depth_rule(MAX_DEPTH, should_ignore=None), max_aliases_rule(MAX_ALIASES))


class GraphSchema(strawberry.federation.Schema):
    def process_errors(self, errors, execution_context=None) -> None:
        """Errors are logged once, classified, by ErrorCodes; Strawberry's default would log each again."""


def build_schema() -> GraphSchema:
    return GraphSchema(
        query=Query,
        types=[Person],
        # Factories: a fresh extension per request; the parse and validation caches live at module level.
        extensions=[
            WriteAudit,
            ErrorCodes,
            lambda: ParserCache(maxsize=512),
            # Bounds on what one request may ask for (the deepest real query, a wing list with cell
            # hierarchy, is 8 levels); over them is QUERY_TOO_COMPLEX before anything executes.
            lambda: AddValidationRules(list(QUERY_LIMITS)),
            lambda: ValidationCache(maxsize=512),
        ],
        execution_context_class=GuardedExecution,
        scalar_overrides=SCALAR_OVERRIDES,
    )


schema = build_schema()


def guarded_fields() -> dict[str, set[str]]:
    """Field names of each guarded type, to check a consumers file's coordinates against."""
    from access.consumers import GUARDED_TYPES

    type_map = schema._schema.type_map
    return {name: set(type_map[name].fields) for name in GUARDED_TYPES if name in type_map}
