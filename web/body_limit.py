"""A bound on what a request may send: 413 before the body is read, or as soon as it is too long."""

from __future__ import annotations

from web.errors import send_error


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Refuses a body over `max_bytes`: up front on its Content-Length, otherwise while it arrives
    (chunked bodies have none), counting received bytes, so no more than `max_bytes` is ever read.
    A GET's query string is held to the same bound."""

    def __init__(self, app, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        too_large = f"The request is larger than {self.max_bytes} bytes"
        if len(scope.get("query_string", b"")) > self.max_bytes:
            return await send_error(scope, send, 413, too_large, limit=self.max_bytes)
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None:
            if not length.isdigit() or len(length) > 18:
                return await send_error(scope, send, 400, "Invalid Content-Length header")
            if int(length) > self.max_bytes:  # closed: else the server would go on reading the body it refused
                return await send_error(
                    scope, send, 413, too_large, headers={"connection": "close"}, limit=self.max_bytes
                )

        received = 0
        started = False

        async def counting_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracking_send(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:  # pragma: no cover - the body is read before any answer starts
                raise
            await send_error(scope, send, 413, too_large, headers={"connection": "close"}, limit=self.max_bytes)
