"""Reads a request's whole body before the application below it runs.

Admission control (web/admission.py) bounds the GraphQL requests a worker executes at once; a
request holding a slot while its body trickles in would count as executing for as long as the client
takes (up to HTTP_BODY_TIMEOUT_SECONDS, web/http_guard.py), and a few slow clients would have every
slot. Read first, the body waits outside admission; its size is bounded by BodyLimit around this,
its time by the connection guard. GraphQL bodies are small (a query and its variables), so holding
one in memory before admission costs nothing an admitted request would not.
"""

from __future__ import annotations


class BodyFirst:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        messages = []
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request" or not message.get("more_body", False):
                break
        pending = iter(messages)

        async def replay():
            # The messages read, then the connection's own receive (a disconnect, at the end).
            return next(pending, None) or await receive()

        await self.app(scope, replay, send)
