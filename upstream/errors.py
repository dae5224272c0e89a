"""What can go wrong calling an upstream. Nothing here knows about GraphQL."""

from __future__ import annotations


class UpstreamError(Exception):
    """An upstream call failed; `upstream` names the system (like the Integration API's `causedBy`)."""

    def __init__(self, upstream: str, message: str) -> None:
        super().__init__(message)
        self.upstream = upstream


class UpstreamUnavailable(UpstreamError):
    """5xx, 429, connection refused, or an answer we could not read."""


class UpstreamTimeout(UpstreamError):
    """No complete answer within the upstream's timeout, or before the request's deadline."""


class UpstreamRejected(UpstreamError):
    """A 4xx other than 404: our request or credentials were refused. `user_message`: the
    ErrorResponse's `userMessage`, as the upstream wrote it (not yet judged safe to show)."""

    def __init__(self, upstream: str, message: str, status: int, user_message: str | None = None) -> None:
        super().__init__(upstream, message)
        self.status = status
        self.user_message = user_message


class UpstreamCircuitOpen(UpstreamUnavailable):
    """Not attempted: the upstream's circuit breaker is open after too many failures (upstream/breaker.py)."""
