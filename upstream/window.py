"""Counts over a sliding time window, in one-second-or-so buckets: O(1) to add, O(buckets) to sum."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

BUCKETS = 10


class WindowCounts:
    """Two counters (`a`, `b`) summed over the last `window` seconds, e.g. requests and retries."""

    def __init__(self, window: float, clock: Callable[[], float]) -> None:
        self._width = window / BUCKETS
        self._clock = clock
        self._buckets: deque[list[float]] = deque()  # [bucket number, a, b], oldest first

    def _current(self) -> list[float]:
        number = self._clock() // self._width
        buckets = self._buckets
        if not buckets or buckets[-1][0] != number:
            while buckets and buckets[0][0] <= number - BUCKETS:
                buckets.popleft()
            buckets.append([number, 0, 0])
        return buckets[-1]

    def add(self, a: int = 0, b: int = 0) -> None:
        bucket = self._current()
        bucket[1] += a
        bucket[2] += b

    def totals(self) -> tuple[int, int]:
        self._current()  # drops buckets that have left the window
        return int(sum(b[1] for b in self._buckets)), int(sum(b[2] for b in self._buckets))

    def clear(self) -> None:
        self._buckets.clear()
