"""A retry budget per upstream: retries at most a share of its requests over a window, plus a few.

When an upstream is sick every request fails and every caller wants to retry; without a budget
three attempts each would triple the load on it just when it can least take it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from upstream.window import WindowCounts


class RetryBudget:
    def __init__(
        self, ratio: float, minimum: int, window_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._ratio = ratio
        self._minimum = minimum
        self._counts = WindowCounts(window_seconds, clock)  # a: first attempts, b: retries
        self.spent = 0  # retries granted since the start (for tests and /health)
        self.refused = 0

    def record_request(self) -> None:
        self._counts.add(a=1)

    def try_spend(self) -> bool:
        """True (and counted) if one more retry fits in the budget now."""
        requests, retries = self._counts.totals()
        if retries >= self._minimum + self._ratio * requests:
            self.refused += 1
            return False
        self._counts.add(b=1)
        self.spent += 1
        return True
