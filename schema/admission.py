"""Admission by cost: a budget of estimated work in flight per worker, its queue cheapest first.

The HTTP stage (web/admission.py) cannot tell a profile (about 20 ms of CPU) from a wing list of
100 (about 240 ms): it knows nothing before the query is parsed. Once the query has passed its
limits and validation (schema/limits.py), its estimated cost is known, and this stage admits it
against a budget: each request weighs `request_base_cost` (the fixed work every request does:
HTTP, token, audit, answer) plus its cost (selections times page sizes). While the weights in
flight leave room (and fewer than `max_in_flight` run) a request runs at once; otherwise it waits in
a queue ordered cheapest first (first come first served among equals) for a time in proportion to
its weight, and is refused (503 with Retry-After) at that deadline or when the queue is full and it
is the costliest there (a cheaper arrival takes the costliest waiter's place). So a profile waits
for a profile's worth of room, never behind a wing list. What may run beside a costly request is the
budget's size: by default a wing list of 100 fills it and runs alone, because a profile beside it
waits behind its bursts of event-loop work (ADR 0021).

A request weighing more than the whole budget (it passed QueryLimits, so it is a query the graph
serves) runs when nothing else does, and nothing is admitted beside it until it ends.

A request whose upstream call has waited `stall_seconds` (a sick or hanging upstream: healthy calls
take tens of milliseconds) gives its place and weight back at once (upstream/stall.py): it is waiting,
not using the event loop, and must not keep cheap queries out until its call times out.

The middleware gives each request a Ticket through a context variable (`current`); the schema's
QueryGuard asks it for admission (`admit`); the middleware closes it when the request ends
(success, error, disconnect or cancellation alike), which returns the request's share.
"""

from __future__ import annotations

import asyncio
import contextvars
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from graphql import GraphQLError

from settings import AdmissionSettings

REFUSED_CODE = "SERVICE_UNAVAILABLE"  # the HTTP stage's code too (web/errors.py): one kind of refusal


@dataclass(eq=False)
class _Waiter:
    weight: int
    sequence: int
    future: asyncio.Future[bool]

    @property
    def key(self) -> tuple[int, int]:
        return (self.weight, self.sequence)  # cheapest first, first come first served among equals


class CostBudget:
    """One worker's budget of weights in flight, its bound on requests in flight, and its queue."""

    def __init__(self, settings: AdmissionSettings) -> None:
        self.capacity = settings.cost_budget
        self.max_running = settings.max_in_flight
        self.base_cost = settings.request_base_cost
        self.queue_length = settings.queue_length
        self.queue_seconds = settings.queue_seconds
        self.min_wait_seconds = settings.min_wait_seconds
        self.retry_after_seconds = settings.retry_after_seconds
        self.stall_seconds = settings.stall_seconds
        self.in_use = 0
        self.running = 0
        self._queue: list[_Waiter] = []
        self._sequence = itertools.count()
        self.admitted = 0
        self.refused = 0
        self.gave_way = 0  # requests that gave their place back while an upstream call hung

    def weight(self, cost: int) -> int:
        return self.base_cost + max(0, cost)

    def deadline(self, weight: int) -> float:
        """How long a request of this weight may wait: in proportion to its weight, `queue_seconds` for
        one that fills the budget, and at least `min_wait_seconds` (about one ordinary request's time:
        a cheap query waits for one of those to end rather than being refused). A profile is refused
        rather than answered late; a wing list may wait for the room it needs."""
        share = min(1.0, weight / self.capacity) if self.capacity > 0 else 1.0
        return min(self.queue_seconds, max(self.min_wait_seconds, self.queue_seconds * share))

    @property
    def waiting(self) -> int:
        return len(self._queue)

    def _fits(self, weight: int) -> bool:
        return self.running == 0 or (self.running < self.max_running and self.in_use + weight <= self.capacity)

    def _take(self, weight: int) -> None:
        self.in_use += weight
        self.running += 1
        self.admitted += 1

    async def acquire(self, weight: int, waited: float = 0.0) -> bool:
        """True once `weight` is held (release it with `release`); False if refused. `waited`: seconds
        the request has already spent since it arrived, which its deadline counts too."""
        if not self._queue and self._fits(weight):
            self._take(weight)
            return True
        deadline = self.deadline(weight) - waited
        if deadline <= 0 or (len(self._queue) >= self.queue_length and not self._evict_costliest_above(weight)):
            self.refused += 1
            return False
        loop = asyncio.get_running_loop()
        waiter = _Waiter(weight, next(self._sequence), loop.create_future())
        self._queue.append(waiter)
        expiry = loop.call_later(deadline, self._expire, waiter)
        try:
            return await waiter.future
        except asyncio.CancelledError:
            future = waiter.future
            if future.done() and not future.cancelled() and future.result():
                self.release(weight)  # granted just as the request was cancelled
            else:
                self._remove(waiter)
            raise
        finally:
            expiry.cancel()

    def release(self, weight: int) -> None:
        self.in_use -= weight
        self.running -= 1
        self._grant()

    def _grant(self) -> None:
        # Cheapest first: if the cheapest waiter does not fit, no costlier one would.
        while self._queue:
            first = min(self._queue, key=lambda w: w.key)
            if not self._fits(first.weight):
                return
            self._queue.remove(first)
            self._take(first.weight)
            first.future.set_result(True)

    def _refuse(self, waiter: _Waiter) -> None:
        self._remove(waiter)
        self.refused += 1
        if not waiter.future.done():
            waiter.future.set_result(False)

    def _remove(self, waiter: _Waiter) -> None:
        if waiter in self._queue:
            self._queue.remove(waiter)
            self._grant()  # a waiter leaving may let the next one in

    def _expire(self, waiter: _Waiter) -> None:
        if not waiter.future.done():
            self._refuse(waiter)

    def _evict_costliest_above(self, weight: int) -> bool:
        """A full queue: the costliest waiter, if it weighs more than `weight`, is refused to make room."""
        if not self._queue:  # a queue of no places
            return False
        costliest = max(self._queue, key=lambda w: w.key)
        if costliest.weight <= weight:
            return False
        self._refuse(costliest)
        return True


class Ticket:
    """One request's admission: the HTTP stage's slot until its cost is known, then its share of the budget."""

    def __init__(self, budget: CostBudget, release_first_stage: Callable[[], None]) -> None:
        self.budget = budget
        self._release_first_stage: Callable[[], None] | None = release_first_stage
        self.held = 0
        self.refused = False
        self.stall_seconds = budget.stall_seconds  # upstream/stall.py's watcher
        self.arrived = asyncio.get_running_loop().time()

    async def admit(self, cost: int) -> bool:
        """Waits for the share of a query of this estimated cost; False (and `refused`) if refused."""
        self.hand_over()  # waiting for the budget must not hold a slot of the stage before it
        weight = self.budget.weight(cost)
        # Its wait counts from its arrival: on a busy event loop reaching this point can take a while
        # already, and a cheap query's whole wait stays about one ordinary request's time.
        waited = asyncio.get_running_loop().time() - self.arrived
        if not await self.budget.acquire(weight, waited):
            self.refused = True
            return False
        if self.held:  # a second operation of a batch: its share only adds to the request's
            self.budget.running -= 1
        self.held += weight
        return True

    def stalled(self) -> None:
        """One of the request's upstream calls has waited `stall_seconds`: the request is waiting, not
        computing, so its place goes to the next request now rather than when the call gives up. It
        never asks again: what it has left to do, once the call ends, runs beside the others."""
        if self.held or self._release_first_stage is not None:
            self.budget.gave_way += 1
        self.hand_over()
        if self.held:
            held, self.held = self.held, 0
            self.budget.release(held)

    def hand_over(self) -> None:
        if self._release_first_stage is not None:
            release, self._release_first_stage = self._release_first_stage, None
            release()

    def close(self) -> None:
        """The request ended, however it ended: both stages' holdings go back."""
        self.hand_over()
        if self.held:
            held, self.held = self.held, 0
            self.budget.release(held)


def refusal_message(retry_after_seconds: int) -> str:
    return f"The graph is at capacity: retry after {retry_after_seconds} s"


def refusal(budget: CostBudget) -> GraphQLError:
    """The error a refused query ends with; the server answers it as HTTP 503 with Retry-After (server.py)."""
    return GraphQLError(
        refusal_message(budget.retry_after_seconds),
        extensions={"code": REFUSED_CODE, "retryAfterSeconds": budget.retry_after_seconds},
    )


current: contextvars.ContextVar[Ticket | None] = contextvars.ContextVar("admission_ticket", default=None)
