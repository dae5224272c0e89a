"""upstream/stall.py: a request's watcher hears of an upstream call that waits too long, and only then."""

from __future__ import annotations

import asyncio

from upstream import stall


class Watcher:
    def __init__(self, stall_seconds: float) -> None:
        self.stall_seconds = stall_seconds
        self.stalls = 0

    def stalled(self) -> None:
        self.stalls += 1


async def test_a_call_waiting_past_the_threshold_is_reported() -> None:
    watcher = Watcher(0.001)
    with stall.watched_by(watcher), stall.watch_call():
        await asyncio.sleep(0.05)
    assert watcher.stalls == 1


async def test_a_call_that_ends_first_is_not_reported_even_later() -> None:
    watcher = Watcher(0.02)
    with stall.watched_by(watcher), stall.watch_call():
        pass
    await asyncio.sleep(0.05)
    assert watcher.stalls == 0


async def test_tasks_started_in_the_request_report_to_its_watcher() -> None:
    watcher = Watcher(0.001)

    async def batch() -> None:  # as a data loader's batch, started by the request
        with stall.watch_call():
            await asyncio.sleep(0.05)

    with stall.watched_by(watcher):
        task = asyncio.ensure_future(batch())
    await task
    assert watcher.stalls == 1


async def test_no_watcher_or_a_threshold_of_zero_watches_nothing() -> None:
    with stall.watch_call():
        await asyncio.sleep(0)
    watcher = Watcher(0)
    with stall.watched_by(watcher), stall.watch_call():
        await asyncio.sleep(0.01)
    assert watcher.stalls == 0
