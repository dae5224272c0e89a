"""A circuit breaker per upstream: stop calling a service that is failing, try it again later.

Closed: calls go through; attempts and failures are counted over a sliding window, and when at
least `minimum_calls` attempts in it failed at `failure_rate` or more, the breaker opens. Open:
calls fail at once (UpstreamCircuitOpen) for `open_seconds`. Half-open: one probe goes through;
its success closes the breaker (with a fresh window), its failure opens it again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from enum import StrEnum

from upstream.window import WindowCounts

log = logging.getLogger("person_graph.upstream")


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    def __init__(
        self,
        name: str,
        window_seconds: float,
        minimum_calls: int,
        failure_rate: float,
        open_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self._minimum_calls = minimum_calls
        self._failure_rate = failure_rate
        self._open_seconds = open_seconds
        self._clock = clock
        self._counts = WindowCounts(window_seconds, clock)  # a: attempts, b: failures
        self._state = BreakerState.CLOSED
        self._opened_at = 0.0
        self._probe_started: float | None = None
        self.opened = 0  # times it has opened (tests, /health)

    @property
    def state(self) -> BreakerState:
        if self._state is BreakerState.OPEN and self._clock() - self._opened_at >= self._open_seconds:
            self._state = BreakerState.HALF_OPEN
            self._probe_started = None
        return self._state

    def allow(self) -> bool:
        """May an attempt go to the upstream now? In half-open, only the one probe."""
        state = self._state if self._state is BreakerState.CLOSED else self.state
        if state is BreakerState.CLOSED:
            return True
        if state is BreakerState.OPEN:
            return False
        now = self._clock()
        # A probe whose outcome never came (cancelled with its request) does not block the next forever.
        if self._probe_started is not None and now - self._probe_started < self._open_seconds:
            return False
        self._probe_started = now
        return True

    def record(self, success: bool) -> None:
        if self._state is BreakerState.CLOSED:
            self._counts.add(a=1, b=0 if success else 1)
            if not success:
                attempts, failures = self._counts.totals()
                if attempts >= self._minimum_calls and failures >= self._failure_rate * attempts:
                    self._open(f"{failures} of {attempts} attempts failed")
        elif self._state is BreakerState.HALF_OPEN and self._probe_started is not None:
            if success:
                self._state = BreakerState.CLOSED
                self._probe_started = None
                self._counts.clear()
                log.warning("circuit closed for %s: the probe succeeded", self.name)
            else:
                self._open("the probe failed")
        # An outcome arriving while open (a call that started before it opened) changes nothing.

    def _open(self, why: str) -> None:
        self._state = BreakerState.OPEN
        self._opened_at = self._clock()
        self._probe_started = None
        self.opened += 1
        log.warning("circuit opened for %s for %.1fs: %s", self.name, self._open_seconds, why)
