"""The cost stage of admission control (schema/admission.py): who runs, who waits, who is refused.

Behaviour only: each test drives the budget through the event loop (a grant is a future set when
a share is released), never through elapsed time; a deadline of 0 expires at the loop's next turn.
"""

from __future__ import annotations

import asyncio

import pytest

from schema.admission import CostBudget, Ticket
from settings import AdmissionSettings


def budget(
    capacity: int, queue_length: int = 8, queue_seconds: float = 60.0, base: int = 0, max_running: int = 5
) -> CostBudget:
    return CostBudget(
        AdmissionSettings(
            cost_budget=capacity,
            request_base_cost=base,
            max_in_flight=max_running,
            queue_length=queue_length,
            queue_seconds=queue_seconds,
        )
    )


async def turns(n: int = 3) -> None:
    for _ in range(n):
        await asyncio.sleep(0)


# (capacity, most requests running, weights already running, weight arriving, runs at once)
ADMISSION_RULES = [
    (10, 5, [], 4, True),  # room
    (10, 5, [6], 4, True),  # exactly fills the budget
    (10, 5, [6], 5, False),  # over by one: waits
    (10, 5, [], 25, True),  # costlier than the whole budget, nothing else running: runs alone
    (10, 5, [25], 1, False),  # nothing beside a request over the budget
    (10, 5, [1, 1, 1], 8, False),  # small requests hold the room a big one needs
    (10, 3, [1, 1], 1, True),  # the third request in flight
    (10, 3, [1, 1, 1], 1, False),  # a fourth waits, however cheap: the bound on requests in flight
]


@pytest.mark.parametrize(("capacity", "max_running", "running", "weight", "at_once"), ADMISSION_RULES)
async def test_a_request_runs_at_once_only_within_the_budget_and_the_bound(
    capacity, max_running, running, weight, at_once
) -> None:
    b = budget(capacity, max_running=max_running)
    for held in running:
        assert await b.acquire(held)
    attempt = asyncio.ensure_future(b.acquire(weight))
    await turns()
    assert attempt.done() is at_once
    if not at_once:
        assert b.waiting == 1
        for held in running:
            b.release(held)
        assert await attempt  # once the others are done it runs
        assert b.in_use == weight and b.running == 1
    else:
        assert b.in_use == sum(running) + weight and b.running == len(running) + 1


async def test_the_cheapest_waiter_runs_first_then_first_come_first_served() -> None:
    b = budget(10)
    assert await b.acquire(10)
    order: list[str] = []

    async def ask(name: str, weight: int) -> None:
        assert await b.acquire(weight)
        order.append(name)

    tasks = [
        asyncio.ensure_future(ask(name, weight))
        for name, weight in [("wing list", 9), ("profile 1", 2), ("medium", 5), ("profile 2", 2)]
    ]
    await turns()
    assert b.waiting == 4
    b.release(10)  # room for 10: profiles (2 + 2) and the medium one (5); the wing list (9) waits
    await turns()
    assert order == ["profile 1", "profile 2", "medium"]
    b.release(2)
    b.release(2)
    await turns()
    assert order == ["profile 1", "profile 2", "medium"]  # 5 + 9 > 10: still waiting
    b.release(5)
    await asyncio.gather(*tasks)
    assert order[-1] == "wing list"
    b.release(9)
    assert (b.in_use, b.running, b.waiting) == (0, 0, 0)


async def test_a_cheap_request_never_waits_behind_a_costly_waiter_that_does_not_fit() -> None:
    b = budget(10)
    assert await b.acquire(4)
    costly = asyncio.ensure_future(b.acquire(8))
    await turns()
    cheap = asyncio.ensure_future(b.acquire(2))
    await turns()
    # The queue is not empty, so the cheap one queues; it is granted ahead of the costly one.
    b.release(4)
    await turns()
    assert cheap.done() and cheap.result() is True
    assert costly.done() and costly.result() is True  # 2 + 8 fit together
    assert b.in_use == 10


# (queue's weights, arriving weight, refused: "arrival" or the weight of the waiter it displaces)
FULL_QUEUE_RULES = [
    ([5, 9], 9, "arrival"),  # as costly as the costliest waiter: the arrival is refused
    ([5, 9], 12, "arrival"),  # costlier: refused
    ([5, 9], 3, 9),  # cheaper than the costliest: that waiter is refused, the arrival queues
    ([9, 9], 1, 9),  # of equal weights, the later waiter is refused
]


@pytest.mark.parametrize(("queued", "arriving", "refused"), FULL_QUEUE_RULES)
async def test_a_full_queue_refuses_the_costliest(queued, arriving, refused) -> None:
    b = budget(10, queue_length=len(queued))
    assert await b.acquire(10)
    waiters = [asyncio.ensure_future(b.acquire(w)) for w in queued]
    await turns()
    arrival = asyncio.ensure_future(b.acquire(arriving))
    await turns()
    if refused == "arrival":
        assert arrival.done() and arrival.result() is False
        assert not any(w.done() for w in waiters)
    else:
        done = [(w, weight) for w, weight in zip(waiters, queued, strict=True) if w.done()]
        assert [(w.result(), weight) for w, weight in done] == [(False, refused)]
        if queued.count(refused) > 1:
            assert done[0][0] is waiters[-1]
        assert not arrival.done()
    assert b.refused == 1
    assert b.waiting == len(queued)
    for w in [*waiters, arrival]:
        w.cancel()


async def test_an_empty_queue_refuses_at_once_when_there_is_no_room() -> None:
    b = budget(10, queue_length=0)
    assert await b.acquire(6)
    assert await b.acquire(5) is False
    assert await b.acquire(4) is True


async def test_a_waiter_is_refused_at_its_deadline() -> None:
    b = budget(10, queue_seconds=0)
    assert await b.acquire(10)
    assert await b.acquire(1) is False
    assert (b.refused, b.waiting) == (1, 0)
    b.release(10)
    assert (b.in_use, b.running) == (0, 0)


async def test_a_cancelled_waiter_leaves_the_queue_and_holds_nothing() -> None:
    b = budget(10)
    assert await b.acquire(10)
    waiter = asyncio.ensure_future(b.acquire(3))
    await turns()
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert b.waiting == 0
    b.release(10)
    assert (b.in_use, b.running) == (0, 0)


async def test_a_waiter_cancelled_as_it_is_granted_gives_its_share_back() -> None:
    b = budget(10)
    assert await b.acquire(10)
    waiter = asyncio.ensure_future(b.acquire(3))
    await turns()
    b.release(10)  # grants the waiter: its future is set, the task has not resumed yet
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert (b.in_use, b.running, b.waiting) == (0, 0, 0)


async def test_a_ticket_weighs_the_base_cost_plus_the_query_cost_and_hands_the_first_stage_over() -> None:
    b = budget(100, base=10)
    handed: list[str] = []
    ticket = Ticket(b, lambda: handed.append("first stage released"))
    assert await ticket.admit(25)
    assert handed == ["first stage released"]
    assert (b.in_use, b.running) == (35, 1)
    ticket.close()
    ticket.close()  # closing twice gives back nothing twice
    assert (b.in_use, b.running) == (0, 0)
    assert handed == ["first stage released"]


async def test_a_ticket_that_never_reached_the_cost_stage_releases_the_first_stage_on_close() -> None:
    handed: list[str] = []
    ticket = Ticket(budget(100), lambda: handed.append("released"))
    ticket.close()  # a request refused before validation, or one that failed to parse
    assert handed == ["released"]


async def test_a_refused_ticket_is_marked_and_holds_nothing() -> None:
    b = budget(10, queue_length=0)
    assert await b.acquire(10)
    ticket = Ticket(b, lambda: None)
    assert await ticket.admit(1) is False
    assert ticket.refused
    ticket.close()
    assert (b.in_use, b.running) == (10, 1)


async def test_a_batch_adds_each_operation_to_one_share() -> None:
    b = budget(100)
    ticket = Ticket(b, lambda: None)
    assert await ticket.admit(20)
    assert await ticket.admit(30)
    assert (b.in_use, b.running) == (50, 1)
    ticket.close()
    assert (b.in_use, b.running) == (0, 0)


async def test_a_request_stalled_on_an_upstream_gives_its_place_back_once() -> None:
    b = budget(10)
    handed: list[str] = []
    ticket = Ticket(b, lambda: handed.append("released"))
    assert await ticket.admit(10)
    waiter = asyncio.ensure_future(b.acquire(5))
    await turns()
    ticket.stalled()  # an upstream call of the request has hung
    assert await waiter  # the next request runs
    assert (b.in_use, b.running, b.gave_way) == (5, 1, 1)
    ticket.stalled()  # another of its calls: nothing more to give
    ticket.close()
    assert (b.in_use, b.running, b.gave_way) == (5, 1, 1)
    assert handed == ["released"]


async def test_a_request_stalled_before_its_cost_is_known_gives_the_first_stage_back() -> None:
    handed: list[str] = []
    ticket = Ticket(budget(10), lambda: handed.append("released"))
    ticket.stalled()  # e.g. the token check's key fetch hangs
    assert handed == ["released"]
    assert await ticket.admit(3)  # once validated it still asks the budget
    ticket.close()
    assert handed == ["released"]


# (budget, queue_seconds, min_wait_seconds, weight, how long it may wait)
DEADLINES = [
    (56_000, 0.5, 0.1, 56_000, 0.5),  # fills the budget: all of queue_seconds
    (56_000, 0.5, 0.1, 112_000, 0.5),  # over it: no more
    (56_000, 0.5, 0.1, 28_000, 0.25),  # half the budget: half
    (56_000, 0.5, 0.1, 4_783, 0.1),  # a profile: the shortest wait
    (56_000, 0.5, 0.1, 1, 0.1),  # however cheap
    (56_000, 0.05, 0.1, 1, 0.05),  # never longer than queue_seconds
    (0, 0.5, 0.1, 10, 0.5),  # no budget: every request fills it
]


@pytest.mark.parametrize(("capacity", "queue_seconds", "min_wait", "weight", "seconds"), DEADLINES)
def test_a_request_may_wait_in_proportion_to_its_weight(capacity, queue_seconds, min_wait, weight, seconds) -> None:
    b = CostBudget(AdmissionSettings(cost_budget=capacity, queue_seconds=queue_seconds, min_wait_seconds=min_wait))
    assert b.deadline(weight) == pytest.approx(seconds)


# (room for it now, seconds it already spent since it arrived, admitted)
ALREADY_WAITED = [
    (True, 10.0, True),  # room: it runs, however long it took to get here
    (False, 10.0, False),  # no room and its wait is used up: refused at once, not queued
    (False, 0.0, None),  # no room, its whole wait ahead: it queues
]


@pytest.mark.parametrize(("room", "waited", "admitted"), ALREADY_WAITED)
async def test_a_wait_counts_from_the_request_s_arrival(room, waited, admitted) -> None:
    b = budget(10, queue_seconds=1.0)
    if not room:
        assert await b.acquire(10)
    attempt = asyncio.ensure_future(b.acquire(5, waited))
    await turns()
    if admitted is None:
        assert not attempt.done() and b.waiting == 1
        attempt.cancel()
    else:
        assert attempt.result() is admitted
        assert b.waiting == 0
