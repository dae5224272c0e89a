"""GET /images/{prisonerNumber}/{imageId}: an image's JPEG, the `url` of each `Person.images` item.

Authenticated as /graphql is (the same bearer token), and checked as `Person.images` is
(resolvers/images.py `image_to_serve`): a consumer without Person.images is 403; a person it may not
see, an unknown person and an image that is not theirs are all the same 404. Every answer but the
JPEG is a JSON error body (web/errors.py). The JPEG is streamed from Prison API chunk by chunk, never
held whole, with the upstream's content type and length. The read is audited under the person, as a
GraphQL read of `Person.images` is.
"""

from __future__ import annotations

import logging
import uuid

from access.audit import AuditSink
from resolvers.context import request_context
from resolvers.errors import BadUserInput, Forbidden, GraphError, NotFound
from resolvers.images import COORDINATE, IMAGE_NOT_FOUND, IMAGE_ROUTE, image_to_serve
from schema.audit import write_audit
from settings import Settings
from upstream.cache import SharedCaches
from upstream.clients import Upstreams
from upstream.deadline import request_deadline
from upstream.errors import UpstreamError, UpstreamTimeout
from web.access_log import LOGGED_PATH
from web.errors import send_error

log = logging.getLogger("person_graph.images")
OPERATION = f"GET {IMAGE_ROUTE}"  # the audit record's operation
STATUSES = {NotFound: 404, Forbidden: 403, BadUserInput: 400}


class ImageRoute:
    """The ASGI app behind the route; web.authentication.Authenticated puts the consumer in the scope."""

    def __init__(self, upstreams: Upstreams, settings: Settings, caches: SharedCaches, audit_sink: AuditSink) -> None:
        self.upstreams = upstreams
        self.settings = settings
        self.caches = caches
        self.audit_sink = audit_sink

    async def __call__(self, scope, receive, send) -> None:
        consumer = scope["consumer"]
        request_id = scope.get("request_id") or uuid.uuid4().hex
        context = request_context(self.upstreams, self.settings, self.caches, self.audit_sink, consumer, request_id)
        params = scope.get("path_params", {})
        number: str | None = None
        started = False
        try:
            with request_deadline(self.settings.request_deadline_seconds):
                number, image = await image_to_serve(context, params.get("prisonerNumber"), params.get("imageId"))
                async with self.upstreams.prison_api.image_data(image) as answer:
                    if answer is None:  # listed a moment ago, gone now
                        raise NotFound(IMAGE_NOT_FOUND)
                    headers = [
                        (b"content-type", answer.content_type.encode("latin-1")),
                        (b"cache-control", b"private, no-store"),  # a person's photograph: no shared cache
                        (b"x-content-type-options", b"nosniff"),
                    ]
                    if answer.content_length is not None:
                        headers.append((b"content-length", str(answer.content_length).encode("ascii")))
                    async for chunk in answer.chunks():
                        if not started:
                            await send({"type": "http.response.start", "status": 200, "headers": headers})
                            started = True
                        await send({"type": "http.response.body", "body": chunk, "more_body": True})
                    if not started:  # an empty body
                        await send({"type": "http.response.start", "status": 200, "headers": headers})
                        started = True
                    await send({"type": "http.response.body", "body": b""})
        except GraphError as exc:
            status = next(s for kind, s in STATUSES.items() if isinstance(exc, kind))
            argument = exc.extensions.get("argument")  # which path parameter was malformed
            if argument is None:
                await send_error(scope, send, status, str(exc), code=exc.code)
            else:
                await send_error(scope, send, status, str(exc), code=exc.code, argument=argument)
        except UpstreamError as exc:
            if number is not None:
                context.audit.note(number, None, COORDINATE, "failed")
            if started:  # the headers are gone: end the connection so the client sees a short body
                log.warning("image stream broke off request_id=%s upstream=%s", request_id, exc.upstream)
                raise
            timeout = isinstance(exc, UpstreamTimeout)
            await send_error(
                scope,
                send,
                504 if timeout else 502,
                f"{exc.upstream} did not answer" if timeout else f"{exc.upstream} failed",
                code="UPSTREAM_TIMEOUT" if timeout else "UPSTREAM_UNAVAILABLE",
                upstream=exc.upstream,
            )
        finally:
            write_audit(context.audit, context, OPERATION)


class LoggedAs:
    """Names the route by its template in the access log and error lines: its path holds a NOMIS number."""

    def __init__(self, app, template: str) -> None:
        self.app = app
        self.template = template

    async def __call__(self, scope, receive, send) -> None:
        scope[LOGGED_PATH] = self.template
        await self.app(scope, receive, send)
