"""uvicorn's httptools protocol with the connection limits it lacks (docs/adr/0017-http-connection-guard.md).

uvicorn bounds neither the time a client takes to send a request's head or body nor the head's size
and number of headers (httptools keeps whatever arrives): one client trickling bytes holds a
connection for ever, and a 10 MB header is read whole. This protocol adds, per connection:

- a head timeout: a request's line and headers must arrive within `header_timeout_seconds` of its
  first byte (of the connection's, for the first request); then 408 and the connection is closed;
- a body timeout: the body must be complete within `body_timeout_seconds` of the head; then 408;
- a head size and header count bound: 431 as soon as the head being received passes the size (not
  after it is all read) or, once complete, when it has too many headers;
- `MAX_CONNECTIONS` (uvicorn's limit_concurrency) answered in JSON: 503 with Retry-After.

Each refusal is a JSON error body as the app's own (web/errors.py), written on the connection before
it closes, and one warning line. The per-request cost is a few comparisons and two reads of the
loop's clock; the connection's one timer is re-armed only when it fires (bench/guard_cost.py).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httptools
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
from uvicorn.server import ServerState

from settings import HttpLimits
from web.errors import error_body, error_code
from web.metrics import record_graphql_error

log = logging.getLogger("person_graph.http")

# What the connection is waiting for.
IDLE, HEAD, BODY = 0, 1, 2
RETRY_AFTER_SECONDS = 1


class Refused(Exception):
    """Raised from a parser callback once the connection has been answered: stops the parser."""


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """One instance per connection. uvicorn builds it as `http=functools.partial(cls, limits=...)`,
    which pickles, so every worker process gets the same limits."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
        *,
        limits: HttpLimits,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.limits = limits
        # uvicorn's own check answers 503 in plain text: ours answers in JSON (on_headers_complete).
        self.max_connections = self.limit_concurrency
        self.limit_concurrency = None
        self.waiting_for = IDLE
        self.deadline = 0.0  # when the head or body being waited for is overdue
        self.timer: asyncio.TimerHandle | None = None
        self.timer_at = float("inf")
        self.head_bytes = 0  # received since the head began: an upper bound on its size
        self.refused = False

    # ---- the timer: one per connection, re-armed only when it fires -----------------------------------
    # A timer armed and cancelled for every request would cost more than the rest of the guard (2 µs
    # on uvloop): a request only moves `deadline`, and the connection's one timer, when it fires, either
    # refuses the request it finds overdue or sleeps again until the current deadline.

    def start_head(self) -> None:
        self.waiting_for = HEAD
        self.head_bytes = 0
        self.wait_until(self.loop.time() + self.limits.header_timeout_seconds)

    def wait_until(self, deadline: float) -> None:
        self.deadline = deadline
        if deadline < self.timer_at:  # the timer would wake too late for this deadline
            self.arm(deadline)

    def arm(self, when: float) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.timer_at = when
        self.timer = self.loop.call_at(when, self.timed_out)

    def timed_out(self) -> None:
        now = self.loop.time()
        # Idle between requests (uvicorn's keep-alive timeout closes that); or a pipelined request,
        # whose body is not read until the responses before it are sent: not its fault.
        if self.waiting_for == IDLE or (self.waiting_for == BODY and self.pipeline):
            self.arm(now + self.limits.header_timeout_seconds)
        elif now < self.deadline:
            self.arm(self.deadline)
        elif self.waiting_for == HEAD:
            self.refuse(408, f"The request's headers did not arrive within {self.limits.header_timeout_seconds:g} s")
        else:
            self.refuse(408, f"The request's body did not arrive within {self.limits.body_timeout_seconds:g} s")

    def stop_timer(self) -> None:
        self.waiting_for = IDLE
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        self.timer_at = float("inf")

    # ---- refusals -----------------------------------------------------------------------------------

    def refuse(self, status: int, message: str, headers: tuple[tuple[bytes, bytes], ...] = ()) -> None:
        """Answers on the connection itself and closes it; the application never sees the request."""
        self.refused = True
        self.stop_timer()
        log.warning("client error request_id=None status=%d (connection): %s", status, message)
        record_graphql_error(error_code(status))
        cycle = self.cycle
        if cycle is not None and cycle.response_started and not cycle.response_complete:
            self.transport.close()  # an answer is being written: another would corrupt it
            return
        if cycle is not None and not cycle.response_complete:  # the app is reading this body: it is gone
            cycle.disconnected = True
            cycle.message_event.set()
        body = error_body(status, message)
        content = [STATUS_LINE[status]]
        for name, value in (
            *self.server_state.default_headers,
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
            *headers,
        ):
            content.extend([name, b": ", value, b"\r\n"])
        content.extend([b"\r\n", body])
        self.transport.write(b"".join(content))
        self.transport.close()

    def head_too_large(self) -> None:
        limits = self.limits
        self.refuse(
            431,
            f"The request's headers are too large: at most {limits.max_header_bytes} bytes "
            f"and {limits.max_header_count} headers",
        )

    # ---- uvicorn's protocol ---------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.start_head()  # a connection that never sends a request is held no longer than a slow one

    def connection_lost(self, exc: Exception | None) -> None:
        self.stop_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        """uvicorn's, with the head counted as it arrives and every refusal in JSON."""
        if self.refused:
            return
        self._unset_keepalive_if_required()
        if self.waiting_for == IDLE:
            self.start_head()
        if self.waiting_for == HEAD:
            self.head_bytes += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self.stop_timer()  # the connection is no longer HTTP/1.1's: the timer must not write on it
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        except httptools.HttpParserError:
            if not self.refused:
                self.refuse(400, "The request is not valid HTTP/1.1")
            return
        # Still in the head after this much: refused now, not once the whole of it has been read.
        if self.waiting_for == HEAD and self.head_bytes > self.limits.max_header_bytes:
            self.head_too_large()

    def on_message_begin(self) -> None:
        if self.waiting_for == IDLE:  # a request that begins in the same read as the end of the one before
            self.start_head()
        super().on_message_begin()

    def on_headers_complete(self) -> None:
        limits = self.limits
        if len(self.headers) > limits.max_header_count or (
            # head_bytes may include body bytes read with the head: measure exactly only then.
            self.head_bytes > limits.max_header_bytes
            and len(self.url) + sum(len(n) + len(v) + 4 for n, v in self.headers) > limits.max_header_bytes
        ):
            self.head_too_large()
            raise Refused
        if self.max_connections is not None and (
            len(self.connections) >= self.max_connections or len(self.tasks) >= self.max_connections
        ):
            self.refuse(
                503,
                f"The graph has too many connections: retry after {RETRY_AFTER_SECONDS} s",
                ((b"retry-after", str(RETRY_AFTER_SECONDS).encode()),),
            )
            raise Refused
        super().on_headers_complete()
        self.waiting_for = BODY
        self.wait_until(self.loop.time() + limits.body_timeout_seconds)

    def on_message_complete(self) -> None:
        self.waiting_for = IDLE  # the timer stays: it finds the connection idle if it fires before the next
        super().on_message_complete()
