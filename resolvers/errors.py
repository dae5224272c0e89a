"""Errors resolvers raise on purpose; each carries its GraphQL `extensions.code`."""

from __future__ import annotations


class GraphError(Exception):
    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, **extensions: object) -> None:
        super().__init__(message)
        self.extensions = extensions


class NotFound(GraphError):
    code = "NOT_FOUND"


class BadUserInput(GraphError):
    code = "BAD_USER_INPUT"


class Forbidden(GraphError):
    code = "FORBIDDEN"


def person_not_found(hmpps_id: str) -> NotFound:
    # One text for "does not exist" and "filtered out", so neither can be told from the other.
    return NotFound(f"Could not find person with HMPPS id: {hmpps_id}")
