"""Gives every GraphQL error its `extensions.code`, and masks anything unexpected.

Expected errors (resolvers/errors.py, upstream/errors.py) keep their message. Anything else is an
INTERNAL_SERVER_ERROR: the client sees only a request id; the log has the traceback under that id.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import ArgumentNode, DocumentNode, GraphQLError, VariableDefinitionNode, VariableNode, Visitor, visit
from strawberry.extensions import SchemaExtension

from resolvers.errors import GraphError, safe_user_message
from schema.scalars import DATE_FORM, InvalidDate
from upstream.errors import UpstreamError, UpstreamRejected, UpstreamTimeout

log = logging.getLogger("person_graph.errors")


def _request_id(extension: SchemaExtension) -> str | None:
    return getattr(extension.execution_context.context, "request_id", None)


def _is_invalid_date(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, InvalidDate):
            return True
        error = getattr(error, "original_error", None)
    return False


class _ArgumentOf(Visitor):
    """The name of the argument that holds a value node, or that a variable is passed to."""

    def __init__(self, node: object) -> None:
        super().__init__()
        self.node = node
        self.name: str | None = None

    def enter_argument(self, argument: ArgumentNode, *_args: object) -> None:
        target, value = self.node, argument.value
        if value is target or (
            isinstance(target, VariableDefinitionNode)
            and isinstance(value, VariableNode)
            and value.name.value == target.variable.name.value
        ):
            self.name = argument.name.value


def bad_date(error: GraphQLError, document: DocumentNode | None) -> GraphQLError:
    """A malformed Date (literal or variable) as BAD_USER_INPUT in our words, naming its argument."""
    node = error.nodes[0] if error.nodes else None
    finder = _ArgumentOf(node)
    if document is not None and node is not None:
        visit(document, finder)
    if finder.name is None and isinstance(node, VariableDefinitionNode):
        finder.name = f"${node.variable.name.value}"
    argument = finder.name or "a date argument"
    return GraphQLError(
        f"{argument} must be a date in the form {DATE_FORM}",
        nodes=error.nodes,
        path=error.path,
        extensions={"code": "BAD_USER_INPUT", "argument": argument},
    )


def dates_in_our_words(errors: list[GraphQLError], document: DocumentNode | None) -> list[GraphQLError]:
    return [bad_date(e, document) if _is_invalid_date(e.original_error) else e for e in errors]


def classify(error: GraphQLError, request_id: str | None) -> GraphQLError:
    original = error.original_error
    if isinstance(original, GraphQLError) and original is not error:
        return classify(original, request_id)
    if original is None:
        if (error.extensions or {}).get("code"):
            return error
        # Validation errors got their code in ErrorCodes.on_validate; what is left failed to parse,
        # or had variables that did not fit their types.
        code = "GRAPHQL_PARSE_FAILED" if error.message.startswith("Syntax Error") else "BAD_USER_INPUT"
        error.extensions = {**(error.extensions or {}), "code": code}
        return error
    if isinstance(original, GraphError):
        error.extensions = {**original.extensions, "code": original.code}
        return error
    if isinstance(original, UpstreamRejected) and (shown := safe_user_message(original)) is not None:
        # The upstream refused what we sent for a reason it explains to users (insufficient funds,
        # not in that prison): the consumer's input, in the upstream's words.
        log.info("upstream refused request_id=%s upstream=%s: %s", request_id, original.upstream, original)
        return GraphQLError(
            shown,
            nodes=error.nodes,
            path=error.path,
            extensions={"code": "BAD_USER_INPUT", "upstream": original.upstream},
        )
    if isinstance(original, UpstreamError):
        code = "UPSTREAM_TIMEOUT" if isinstance(original, UpstreamTimeout) else "UPSTREAM_UNAVAILABLE"
        log.warning("upstream failure request_id=%s upstream=%s: %s", request_id, original.upstream, original)
        return GraphQLError(
            f"The {original.upstream} service did not answer in time"
            if code == "UPSTREAM_TIMEOUT"
            else f"The {original.upstream} service is unavailable",
            nodes=error.nodes,
            path=error.path,
            extensions={"code": code, "upstream": original.upstream},
        )
    log.error("internal error request_id=%s path=%s", request_id, error.path, exc_info=original)
    return GraphQLError(
        "Internal server error",
        nodes=error.nodes,
        path=error.path,
        extensions={"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
    )


def validation_code(error: GraphQLError) -> str:
    # Strawberry's depth and alias limiters report as plain validation errors.
    if "exceeds maximum operation depth" in error.message or "aliases found. Allowed" in error.message:
        return "QUERY_TOO_COMPLEX"
    return "GRAPHQL_VALIDATION_FAILED"


def classify_all(errors: list[GraphQLError], request_id: str | None) -> list[GraphQLError]:
    return [classify(e, request_id) for e in errors]


class ErrorCodes(SchemaExtension):
    def on_validate(self) -> Iterator[None]:
        yield
        context = self.execution_context
        if context.pre_execution_errors:
            context.pre_execution_errors = dates_in_our_words(context.pre_execution_errors, context.graphql_document)
        for error in self.execution_context.pre_execution_errors or []:
            if not (error.extensions or {}).get("code"):
                error.extensions = {**(error.extensions or {}), "code": validation_code(error)}

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            request_id = _request_id(self)
            errors = dates_in_our_words(result.errors, self.execution_context.graphql_document)
            result.errors = classify_all(errors, request_id)
