"""What one query may ask for, checked after parsing and before validation and execution.

One pass over the document, linear in its size: each fragment's figures are computed once and
reused wherever it is spread (never expanded recursively), so ten fragments that each spread the
next ten times cost ten steps, not ten billion. The figures:

- depth: nesting of fields with selections (introspection fields not counted, as before);
- aliases: aliased fields, each spread counted in full;
- selections: fields after fragment expansion, each spread counted in full;
- representations: `_entities` representations in one field (each is a person to look up);
- cost: selections, each multiplied by the page size (`perPage`, its value, variable or default)
  of every paginated field above it, and by the number of representations under `_entities` (of ids
  under `Query.nodes`).

Over any limit (settings.QueryLimits) is QUERY_TOO_COMPLEX with the figure and the limit in
`extensions`. The same extension keeps parsed and validated documents in bounded LRU caches keyed
by a hash of the query text (documents over `max_cached_query_chars` are never cached), parses with
graphql-core's token limit, and in production mode refuses introspection to consumers not granted
`Query.__schema` and leaves "Did you mean ...?" suggestions out of validation messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import sys
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    NoSchemaIntrospectionCustomRule,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    validate,
)
from graphql.language import Token
from graphql.language.parser import Parser, nested_too_deeply_error
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from schema import admission
from settings import QueryLimits

DEFAULT_LIMITS = QueryLimits()
# Figures are reported up to this (orjson refuses integers over 64 bits; nobody needs more digits).
REPORTED_MAX = 10**15

K = TypeVar("K")
V = TypeVar("V")


class BoundedCache(Generic[K, V]):
    """Least recently used, bounded by entry count and by the summed weight (query characters) of its entries."""

    def __init__(self, max_entries: int, max_weight: int) -> None:
        self.max_entries = max_entries
        self.max_weight = max_weight
        self.weight = 0
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()

    def get(self, key: K) -> V | None:
        found = self._items.get(key)
        if found is None:
            return None
        self._items.move_to_end(key)
        return found[0]

    def put(self, key: K, value: V, weight: int) -> None:
        if weight > self.max_weight or self.max_entries <= 0:
            return
        old = self._items.pop(key, None)
        if old is not None:
            self.weight -= old[1]
        self._items[key] = (value, weight)
        self.weight += weight
        while len(self._items) > self.max_entries or self.weight > self.max_weight:
            _, (_, dropped) = self._items.popitem(last=False)
            self.weight -= dropped

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        self._items.clear()
        self.weight = 0


# Shared by every request (the extension is made per request), bounded in entries and in the summed
# length of their query texts. A parsed document takes about 85 bytes per character of query (less
# for comments), so the documents cache stays under about 20 MiB however it is fed.
CACHE_ENTRIES = 512
CACHE_CHARS = 250_000
documents: BoundedCache[bytes, DocumentNode] = BoundedCache(CACHE_ENTRIES, CACHE_CHARS)
validations: BoundedCache[tuple[bytes, bool, bool], list[GraphQLError]] = BoundedCache(CACHE_ENTRIES, CACHE_CHARS)


@dataclass(frozen=True)
class Figures:
    depth: int = 0
    aliases: int = 0
    selections: int = 0
    cost: int = 0


ZERO = Figures()


class Analysis:
    """The figures of one document, for one set of variables (page sizes may be variables)."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any] | None) -> None:
        self.schema = schema
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.variables = variables if isinstance(variables, Mapping) else {}
        self._memo: dict[str, Figures] = {}
        self._open: set[str] = set()
        self.introspection = False
        self.representations = 0  # the most `_entities` representations in one field

    def operation(self, operation: OperationDefinitionNode) -> Figures:
        root = {
            OperationType.QUERY: self.schema.query_type,
            OperationType.MUTATION: self.schema.mutation_type,
            OperationType.SUBSCRIPTION: self.schema.subscription_type,
        }.get(operation.operation)
        return self.selection_set(operation.selection_set, root)

    def selection_set(self, selection_set: SelectionSetNode, parent: Any) -> Figures:
        depth = aliases = selections = cost = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                figures = self.field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                figures = self.selection_set(
                    selection.selection_set, self.schema.get_type(condition.name.value) if condition else parent
                )
            elif isinstance(selection, FragmentSpreadNode):
                figures = self.fragment(selection.name.value)
            else:  # pragma: no cover - graphql-core has no other selection
                continue
            depth = max(depth, figures.depth)
            aliases += figures.aliases
            selections += figures.selections
            cost += figures.cost
        return Figures(depth, aliases, selections, cost)

    def fragment(self, name: str) -> Figures:
        known = self._memo.get(name)
        if known is not None:
            return known
        definition = self.fragments.get(name)
        if definition is None or name in self._open:
            return ZERO  # an unknown fragment or a cycle: validation reports both
        self._open.add(name)
        figures = self.selection_set(
            definition.selection_set, self.schema.get_type(definition.type_condition.name.value)
        )
        self._open.discard(name)
        self._memo[name] = figures
        return figures

    def field(self, node: FieldNode, parent: Any) -> Figures:
        name = node.name.value
        if name in ("__schema", "__type"):
            self.introspection = True
        definition = parent.fields.get(name) if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType) else None
        aliases = 1 if node.alias else 0
        if node.selection_set is None:
            return Figures(0, aliases, 1, 1)
        inner = self.selection_set(node.selection_set, get_named_type(definition.type) if definition else None)
        depth = 0 if name.startswith("__") else 1 + inner.depth
        return Figures(
            depth, aliases + inner.aliases, 1 + inner.selections, 1 + self.multiplier(node, definition) * inner.cost
        )

    def multiplier(self, node: FieldNode, definition: Any) -> int:
        arguments = {a.name.value: a.value for a in node.arguments or ()}
        if node.name.value == "_entities":
            count = self._length(arguments.get("representations"))
            self.representations = max(self.representations, count)
            return max(1, count)
        if node.name.value == "nodes" and "ids" in arguments:  # Query.nodes: one object per id
            return max(1, self._length(arguments["ids"]))
        declared = definition.args.get("perPage") if definition is not None else None
        if declared is None and "perPage" not in arguments:
            return 1
        default = declared.default_value if declared is not None and isinstance(declared.default_value, int) else 1
        return max(1, self._int(arguments.get("perPage"), default))

    def _value(self, node: Any) -> Any:
        if isinstance(node, VariableNode):
            return self.variables.get(node.name.value)
        return node

    def _int(self, node: Any, default: int) -> int:
        value = self._value(node)
        if isinstance(value, IntValueNode):
            try:
                return int(value.value)
            except ValueError:
                return default
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return default

    def _length(self, node: Any) -> int:
        value = self._value(node)
        if isinstance(value, ListValueNode):
            return len(value.values)
        if isinstance(value, list):
            return len(value)
        return 1


def too_complex(measure: str, figure: int, limit: int, message: str) -> GraphQLError:
    return GraphQLError(
        f"Query is too complex: {message}; the limit is {limit}",
        extensions={"code": "QUERY_TOO_COMPLEX", measure: min(figure, REPORTED_MAX), "limit": limit},
    )


@dataclass(frozen=True)
class Checked:
    """A document's limit errors (at most one), whether it asks for introspection, and its estimated
    cost (the costliest operation it may run; admission control weighs the request by it)."""

    errors: list[GraphQLError]
    introspection: bool
    cost: int


def check(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Mapping[str, Any] | None,
    operation_name: str | None,
    limits: QueryLimits,
) -> Checked:
    analysis = Analysis(schema, document, variables)
    operations = [
        d
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
        and (operation_name is None or (d.name is not None and d.name.value == operation_name))
    ]
    cost = 0
    for operation in operations:
        figures = analysis.operation(operation)
        cost = max(cost, figures.cost)
        if analysis.representations > limits.max_representations:
            error = too_complex(
                "representations",
                analysis.representations,
                limits.max_representations,
                f"{analysis.representations} _entities representations",
            )
        elif figures.selections > limits.max_selections:
            error = too_complex(
                "selections",
                figures.selections,
                limits.max_selections,
                f"{figures.selections} fields after fragment expansion",
            )
        elif figures.cost > limits.max_cost:
            error = too_complex("cost", figures.cost, limits.max_cost, f"an estimated cost of {figures.cost}")
        elif figures.depth > limits.max_depth:
            error = too_complex("depth", figures.depth, limits.max_depth, f"{figures.depth} levels deep")
        elif figures.aliases > limits.max_aliases:
            error = too_complex("aliases", figures.aliases, limits.max_aliases, f"{figures.aliases} aliases")
        else:
            continue
        return Checked([error], analysis.introspection, cost)
    return Checked([], analysis.introspection, cost)


TOKEN_LIMIT_MESSAGE = "tokens. Parsing aborted."

# The event loop waits for the GIL each time it wakes while a parse thread holds it: up to the
# switch interval (5 ms by default) per wake-up. Shorter turns while such a thread runs keep the
# requests the loop serves meanwhile near their usual latency (ADR 0019).
GIL_TURN_SECONDS = 0.0005
_threads_parsing = 0
_default_switch_interval = sys.getswitchinterval()


def parse_unlinking_tokens(query: str, max_tokens: int) -> DocumentNode:
    """graphql-core's parse, its tokens unlinked afterwards. They link both ways (prev, next), so a
    long document's tokens would be garbage only the cyclic collector can free: collections of
    100,000 objects that hold the GIL, the event loop's included (ADR 0019). Unlinked, they are freed
    as soon as nothing refers to them."""
    parser = Parser(query, max_tokens=max_tokens)
    try:
        try:
            return parser.parse_document()
        except RecursionError:
            pass  # raised below, outside the handler, as graphql-core's parse does
        raise nested_too_deeply_error(parser)
    finally:
        token: Token | None = parser._lexer.token
        ahead = token.next if token is not None else None
        while token is not None:
            token.next, token.prev, token = None, None, token.prev
        while ahead is not None:
            ahead.prev, ahead.next, ahead = None, None, ahead.next


@contextlib.asynccontextmanager
async def short_gil_turns() -> AsyncIterator[None]:
    global _threads_parsing
    if _threads_parsing == 0:
        sys.setswitchinterval(GIL_TURN_SECONDS)
    _threads_parsing += 1
    try:
        yield
    finally:
        _threads_parsing -= 1
        if _threads_parsing == 0:
            sys.setswitchinterval(_default_switch_interval)


class QueryGuard(SchemaExtension):
    """Parse (cached, token-limited), limits, then validation (cached); production hides the schema."""

    key: bytes | None = None
    cached: bool = False
    in_thread: bool = False

    def _policy(self) -> tuple[QueryLimits, bool, Any]:
        context = self.execution_context.context
        return (
            getattr(context, "limits", DEFAULT_LIMITS),
            bool(getattr(context, "production", False)),
            getattr(context, "consumer", None),
        )

    async def on_parse(self) -> AsyncIterator[None]:
        execution_context = self.execution_context
        limits, _, _ = self._policy()
        query = execution_context.query or ""
        thread_error: GraphQLError | None = None
        if execution_context.graphql_document is None and len(query) <= limits.max_cached_query_chars:
            self.key = hashlib.sha256(query.encode("utf-8", "surrogatepass")).digest()
            document = documents.get(self.key)
            if document is not None:
                execution_context.graphql_document = document
                self.cached = True
        elif execution_context.graphql_document is None:
            # Parsing is pure Python (about 10 µs a token): a long document is parsed in a worker
            # thread, so the event loop keeps answering other requests meanwhile.
            self.in_thread = True
            try:
                async with short_gil_turns():
                    execution_context.graphql_document = await asyncio.to_thread(
                        parse_unlinking_tokens, query, limits.max_tokens
                    )
            except GraphQLError as failure:
                thread_error = failure
        # Strawberry parses only when there is no document: after a failed parse in the thread, a
        # limit of no tokens stops its parse at the first one, and the thread's error replaces that one.
        execution_context.parse_options["max_tokens"] = 0 if thread_error else limits.max_tokens
        yield
        for error in execution_context.pre_execution_errors or []:
            if thread_error is not None:
                for attribute in GraphQLError.__slots__:
                    setattr(error, attribute, getattr(thread_error, attribute))
            if TOKEN_LIMIT_MESSAGE in error.message:  # graphql-core's own wording, made ours
                error.message = f"Query is too complex: more than {limits.max_tokens} tokens"
                error.extensions = {
                    "code": "QUERY_TOO_COMPLEX",
                    "tokens": limits.max_tokens + 1,
                    "limit": limits.max_tokens,
                }

    async def on_validate(self) -> AsyncIterator[None]:
        execution_context = self.execution_context
        document = execution_context.graphql_document
        if document is None:
            yield
            return
        if self.key is not None and not self.cached:
            documents.put(self.key, document, len(execution_context.query or ""))
        if self.in_thread:  # a long document is checked and validated off the event loop too
            async with short_gil_turns():
                errors, cost = await asyncio.to_thread(self._check_and_validate, document)
        else:
            errors, cost = self._check_and_validate(document)
        ticket = admission.current.get()
        if not errors and ticket is not None and not await ticket.admit(cost):
            errors = [admission.refusal(ticket.budget)]
        execution_context.pre_execution_errors = errors
        yield

    def _check_and_validate(self, document: DocumentNode) -> tuple[list[GraphQLError], int]:
        """The document's limit or validation errors, and its estimated cost."""
        execution_context = self.execution_context
        limits, production, consumer = self._policy()
        checked = check(
            execution_context.schema._schema,
            document,
            execution_context.variables,
            execution_context.operation_name,
            limits,
        )
        errors = checked.errors
        if not errors:
            hide_schema = production and not getattr(consumer, "may_introspect", False)
            errors = self._validate(document, production, hide_schema and checked.introspection)
        return errors, checked.cost

    def _validate(self, document: DocumentNode, hide_suggestions: bool, no_introspection: bool) -> list[GraphQLError]:
        execution_context = self.execution_context
        key = (self.key, hide_suggestions, no_introspection) if self.key is not None else None
        if key is not None:
            found = validations.get(key)
            if found is not None:
                return list(found)
        rules = [*execution_context.validation_rules, MaybeNullValidationRule, OneOfInputValidationRule]
        if no_introspection:
            rules.append(NoSchemaIntrospectionCustomRule)
        errors = validate(
            execution_context.schema._schema, document, rules, max_errors=20, hide_suggestions=hide_suggestions
        )
        if key is not None:
            validations.put(key, errors, len(execution_context.query or ""))
        return list(errors)
