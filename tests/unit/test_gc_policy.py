"""The garbage collector's settings for a server process (web/gc_policy.py, docs/adr/0016)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

import server
from settings import Settings
from web import gc_policy


@pytest.fixture
def restored_gc() -> Iterator[None]:
    """This test process's collector as it was: nothing frozen, its own thresholds."""
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


class Kept:
    """An object start-up built (a cycle, so only the cyclic collector could ever free it)."""

    def __init__(self) -> None:
        self.me = self


def test_settle_heap_freezes_what_is_alive_and_sets_the_young_threshold(restored_gc):
    kept = Kept()
    gc.unfreeze()
    gc_policy.settle_heap(12_345)
    assert gc.get_threshold() == (12_345, gc_policy.OLDER_THRESHOLD, gc_policy.OLDER_THRESHOLD)
    assert gc.get_freeze_count() > 0
    # Frozen: no collection looks at it any more (it is in no generation's list).
    assert not any(obj is kept for obj in gc.get_objects())
    assert kept.me is kept


def test_garbage_made_after_settling_is_still_collected(restored_gc):
    gc_policy.settle_heap(50_000)
    cycle = Kept()
    del cycle
    assert gc.collect() >= 1


def test_zero_turns_the_cyclic_collector_off(restored_gc):
    gc_policy.settle_heap(0)
    assert gc.get_threshold()[0] == 0


def test_the_young_threshold_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("GC_YOUNG_THRESHOLD", "2000")
    assert Settings.from_env().gc_young_threshold == 2000
    monkeypatch.delenv("GC_YOUNG_THRESHOLD")
    assert Settings.from_env().gc_young_threshold == 50_000


async def test_the_served_app_settles_its_heap_when_it_starts_and_a_test_app_does_not(monkeypatch, simulator):
    calls: list[int] = []
    monkeypatch.setattr(gc_policy, "settle_heap", calls.append)
    settings = Settings(gc_young_threshold=777)
    for settle, expected in ((False, []), (True, [777])):
        calls.clear()
        app = server.create_app(settings, embedded_simulator=simulator, settle_heap=settle)
        async with app.router.lifespan_context(app):
            assert calls == expected


def test_the_standalone_simulator_settles_its_heap_once_its_population_is_built(monkeypatch):
    import argparse

    import uvicorn

    import cli
    from simulator import app as simulator_app

    events: list[str] = []
    build = simulator_app.create_simulator

    def create_simulator(*args, **kwargs):
        built = build(*args, **kwargs)
        events.append(f"population of {len(built.population.people)}")
        return built

    monkeypatch.setattr(simulator_app, "create_simulator", create_simulator)
    monkeypatch.setattr(gc_policy, "settle_heap", lambda threshold: events.append(f"settled at {threshold}"))
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: events.append("serving"))
    monkeypatch.setenv("SIMULATOR_SIZE", "30")  # the command sets it for its process; restored after the test
    cli.simulator(argparse.Namespace(size=30, seed=1, host="127.0.0.1", port=1, log_level="warning"))
    assert events == ["population of 30", f"settled at {Settings().gc_young_threshold}", "serving"]
