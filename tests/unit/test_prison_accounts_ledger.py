"""The simulator's ledger (simulator/prison_accounts.py) under threads: of two posts with one
reference, exactly one is written, whichever thread gets there first; a refused post writes nothing."""

from __future__ import annotations

import threading

import pytest

from simulator.population import Population
from simulator.prison_accounts import Ledger, Posting, Rejected


@pytest.fixture(scope="module")
def population() -> Population:
    return Population(size=200, seed=1)


def a_prisoner(population: Population):
    return next(p for p in population.people if p.in_prison and p.prisoner_number)


def canteen(amount: int) -> list[Posting]:
    return [Posting("spends", "CANT", "Canteen Spend", "Canteen", -amount)]


@pytest.mark.parametrize("threads", [2, 8])
def test_one_reference_from_many_threads_is_written_once(population, threads):
    ledger, p = Ledger(population), a_prisoner(population)
    start = ledger.opened(p, p.prison_id).balance("spends")
    barrier = threading.Barrier(threads)
    outcomes: list[str] = []

    def post() -> None:
        barrier.wait()
        try:
            ledger.post(p, p.prison_id, "same-ref", canteen(10))
            outcomes.append("written")
        except Rejected as exc:
            outcomes.append(str(exc.status))

    workers = [threading.Thread(target=post) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=10)  # a bound only to detect a hang

    assert sorted(outcomes) == ["409"] * (threads - 1) + ["written"]
    assert ledger.opened(p, p.prison_id).balance("spends") == start - 10


def test_insufficient_funds_and_the_wrong_prison_write_nothing_and_keep_the_reference_free(population):
    ledger, p = Ledger(population), a_prisoner(population)
    start = ledger.opened(p, p.prison_id).balance("spends")

    with pytest.raises(Rejected) as too_much:
        ledger.post(p, p.prison_id, "ref-1", canteen(start + 1))
    with pytest.raises(Rejected) as elsewhere:
        ledger.post(p, "ZZZ", "ref-1", canteen(1))

    assert (too_much.value.status, elsewhere.value.status) == (400, 400)
    assert ledger.opened(p, p.prison_id).balance("spends") == start
    ledger.post(p, p.prison_id, "ref-1", canteen(1))  # the reference was never taken
