"""Admission control, first stage: a bound on GraphQL requests per worker until their cost is known.

Under overload a worker that takes every request shares its one event loop among all of them: each
gets slower until the upstream calls of all of them overrun their timeout and they fail together.
Admission keeps the admitted requests as fast as the worker can make them, and a refusal (503 with
Retry-After and a GraphQL-shaped JSON error) reaches the client at once, when it can still retry
elsewhere (another replica) or later. Settings: settings.AdmissionSettings.

Two stages. Here, before anything is parsed, at most `max_validating` requests are authenticated,
parsed and validated at once (a short queue, then 503): the bound on work whose cost nobody knows
yet. Once the query is validated its estimated cost is known and the request hands its slot over to
the cost stage (schema/admission.py: a budget of weights in flight, cheapest first), through the
Ticket this middleware puts in a context variable; when the request ends, however it ends, the
ticket gives back what it still holds.
"""

from __future__ import annotations

import asyncio
import logging

from schema import admission
from settings import AdmissionSettings
from upstream import stall
from web.errors import send_error

log = logging.getLogger("person_graph.http")


class Admission:
    """ASGI middleware in front of /graphql; counts what it admitted and refused (for /health)."""

    def __init__(self, app, settings: AdmissionSettings) -> None:
        self.app = app
        self.settings = settings
        self._slots = asyncio.Semaphore(settings.max_validating)
        self._waiting = 0
        self.budget = admission.CostBudget(settings)
        self.admitted = 0
        self.refused = 0

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if not await self._admit():
            self.refused += 1
            return await self._refuse(scope, send)
        self.admitted += 1
        ticket = admission.Ticket(self.budget, self._slots.release)
        token = admission.current.set(ticket)
        try:
            with stall.watched_by(ticket):
                await self.app(scope, receive, send)
        finally:
            admission.current.reset(token)
            ticket.close()

    async def _admit(self) -> bool:
        if not self._slots.locked():
            await self._slots.acquire()  # a free slot: returns at once
            return True
        if self._waiting >= self.settings.queue_length:
            return False
        self._waiting += 1
        try:
            await asyncio.wait_for(self._slots.acquire(), self.settings.queue_seconds)
            return True
        except TimeoutError:
            return False
        finally:
            self._waiting -= 1

    async def _refuse(self, scope, send) -> None:
        retry = str(self.settings.retry_after_seconds)
        log.warning(
            "refused request_id=%s: %d before their cost is known, %d waiting",
            scope.get("request_id"),
            self.settings.max_validating,
            self._waiting,
        )
        await send_error(
            scope,
            send,
            503,
            admission.refusal_message(self.settings.retry_after_seconds),
            headers={"Retry-After": retry},
            retryAfterSeconds=self.settings.retry_after_seconds,
        )
