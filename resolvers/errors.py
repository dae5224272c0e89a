"""Errors resolvers raise on purpose; each carries its GraphQL `extensions.code`."""

from __future__ import annotations

import re

from upstream.errors import UpstreamRejected


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


class Conflict(GraphError):
    """A write that clashes with one already made (a client unique reference used before)."""

    code = "CONFLICT"


def person_not_found(hmpps_id: str) -> NotFound:
    # One text for "does not exist" and "filtered out", so neither can be told from the other.
    return NotFound(f"Could not find person with HMPPS id: {hmpps_id}")


MAX_SHOWN_MESSAGE = 300
INTERNAL_DETAIL = re.compile(r"exception|stack|sql|ORA-[0-9]|\bat [a-z]+\.[a-z]+\.", re.IGNORECASE | re.ASCII)


def safe_user_message(error: UpstreamRejected) -> str | None:
    """An upstream 400's `userMessage` when it is fit to show a consumer: short, one printable line,
    nothing that looks like internal detail (an exception, a stack frame, SQL). The
    `developerMessage` is never shown."""
    message = (error.user_message or "").strip()
    if error.status != 400 or not message or len(message) > MAX_SHOWN_MESSAGE:
        return None
    if not message.isprintable() or INTERNAL_DETAIL.search(message):
        return None
    return message
