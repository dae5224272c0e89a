"""Retries, retry budget, circuit breaker and the request deadline of UpstreamClient, against respx."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from settings import UPSTREAMS, Settings, UpstreamResilience
from tests.unit.conftest import base_url
from upstream.base import UpstreamClient
from upstream.breaker import BreakerState, CircuitBreaker
from upstream.clients import build_upstreams
from upstream.deadline import request_deadline
from upstream.errors import UpstreamCircuitOpen, UpstreamRejected, UpstreamTimeout, UpstreamUnavailable
from upstream.retry_budget import RetryBudget

ALERTS = base_url("alerts")
# No waiting between attempts in these tests unless a test says otherwise; a breaker that needs many calls.
QUICK = UpstreamResilience(backoff_initial_seconds=0, backoff_max_seconds=0, backoff_jitter_seconds=0)


def client(http: httpx.AsyncClient, tokens, policy: UpstreamResilience = QUICK) -> UpstreamClient:
    return UpstreamClient("alerts", http, ALERTS, tokens, resilience=policy)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("status", [502, 503, 504, 429])
async def test_reads_are_retried_on_transient_statuses(status, router, token_route, http, tokens):
    route = router.get(f"{ALERTS}/thing").mock(
        side_effect=[httpx.Response(status), httpx.Response(status), httpx.Response(200, json={"ok": True})]
    )
    assert await client(http, tokens).get("/thing", dict) == {"ok": True}
    assert route.call_count == 3


async def test_connection_errors_are_retried_for_reads(router, token_route, http, tokens):
    route = router.get(f"{ALERTS}/thing").mock(
        side_effect=[httpx.ConnectError("refused"), httpx.Response(200, json={"ok": True})]
    )
    assert await client(http, tokens).get("/thing", dict) == {"ok": True}
    assert route.call_count == 2


async def test_attempts_are_bounded_and_the_last_error_is_typed(router, token_route, http, tokens):
    route = router.get(f"{ALERTS}/thing").respond(503)
    with pytest.raises(UpstreamUnavailable) as caught:
        await client(http, tokens).get("/thing", dict)
    assert caught.value.upstream == "alerts"
    assert route.call_count == QUICK.attempts == 3


@pytest.mark.parametrize("status", [500, 400, 403, 409, 422])
async def test_other_failures_are_not_retried(status, router, token_route, http, tokens):
    route = router.get(f"{ALERTS}/thing").respond(status)
    with pytest.raises(UpstreamUnavailable if status >= 500 else UpstreamRejected):
        await client(http, tokens).get("/thing", dict)
    assert route.call_count == 1


async def test_a_read_timeout_is_not_retried(router, token_route, http, tokens):
    route = router.get(f"{ALERTS}/thing").mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(UpstreamTimeout):
        await client(http, tokens).get("/thing", dict)
    assert route.call_count == 1


@pytest.mark.parametrize("failure", [httpx.Response(503), httpx.ConnectError("refused")], ids=["503", "connect"])
async def test_a_post_that_writes_is_never_retried(failure, router, token_route, http, tokens):
    route = router.post(f"{ALERTS}/write").mock(side_effect=[failure, httpx.Response(200, json={})])
    with pytest.raises(UpstreamUnavailable):
        await client(http, tokens).post("/write", {"a": 1}, dict)
    assert route.call_count == 1


async def test_a_post_marked_idempotent_is_retried(router, token_route, http, tokens):
    route = router.post(f"{ALERTS}/search").mock(side_effect=[httpx.Response(502), httpx.Response(200, json=[1])])
    assert await client(http, tokens).post("/search", ["A1234AA"], list[int], idempotent=True) == [1]
    assert route.call_count == 2
    assert [call.request.content for call in route.calls] == [b'["A1234AA"]'] * 2


async def test_retry_after_is_honoured(router, token_route, http, tokens, monkeypatch):
    slept: list[float] = []
    real_sleep = asyncio.sleep

    async def recording_sleep(delay: float) -> None:
        slept.append(delay)
        await real_sleep(0)

    monkeypatch.setattr(asyncio, "sleep", recording_sleep)
    router.get(f"{ALERTS}/thing").mock(
        side_effect=[httpx.Response(429, headers={"Retry-After": "2"}), httpx.Response(200, json={})]
    )
    assert await client(http, tokens).get("/thing", dict) == {}
    assert slept == [2.0]


async def test_a_retry_after_beyond_the_deadline_is_not_waited_for(router, token_route, http, tokens):
    route = router.get(f"{ALERTS}/thing").mock(
        side_effect=[httpx.Response(503, headers={"Retry-After": "3"}), httpx.Response(200, json={})]
    )
    with request_deadline(1.0):
        with pytest.raises(UpstreamUnavailable):
            await asyncio.wait_for(client(http, tokens).get("/thing", dict), timeout=5)
    assert route.call_count == 1


async def test_the_retry_budget_limits_retries_when_everything_fails(router, token_route, http, tokens):
    route = router.get(f"{ALERTS}/thing").respond(503)
    policy = UpstreamResilience(
        backoff_initial_seconds=0,
        backoff_max_seconds=0,
        backoff_jitter_seconds=0,
        retry_budget_ratio=0.1,
        retry_budget_minimum=2,
        breaker_minimum_calls=10_000,  # this test is about the budget alone
    )
    sick = client(http, tokens, policy)
    for _ in range(50):
        with pytest.raises(UpstreamUnavailable):
            await sick.get("/thing", dict)
    retries = route.call_count - 50
    assert retries == sick.retry_budget.spent
    assert retries <= 2 + 0.1 * 50  # not 100, as three attempts each would be
    assert sick.retry_budget.refused > 0


def test_the_budget_refills_as_the_window_moves():
    clock = Clock()
    budget = RetryBudget(ratio=0.1, minimum=1, window_seconds=10, clock=clock)
    for _ in range(10):
        budget.record_request()
    assert [budget.try_spend() for _ in range(3)] == [True, True, False]  # 1 + 10% of 10
    clock.now += 11
    assert budget.try_spend() is True


def test_breaker_transitions_closed_open_half_open_closed():
    clock = Clock()
    breaker = CircuitBreaker(
        "alerts", window_seconds=10, minimum_calls=4, failure_rate=0.5, open_seconds=5, clock=clock
    )
    for success in (True, True, False):
        breaker.record(success)
    assert breaker.state is BreakerState.CLOSED  # three calls: below the minimum
    breaker.record(False)  # 2 of 4 failed
    assert breaker.state is BreakerState.OPEN and not breaker.allow()
    clock.now += 5
    assert breaker.state is BreakerState.HALF_OPEN
    assert breaker.allow() is True  # the probe
    assert breaker.allow() is False  # one probe at a time
    breaker.record(True)
    assert breaker.state is BreakerState.CLOSED and breaker.allow()
    breaker.record(False)  # a fresh window: one failure alone does not reopen it
    assert breaker.state is BreakerState.CLOSED


def test_a_failed_probe_opens_the_breaker_again():
    clock = Clock()
    breaker = CircuitBreaker(
        "alerts", window_seconds=10, minimum_calls=2, failure_rate=0.5, open_seconds=5, clock=clock
    )
    breaker.record(False)
    breaker.record(False)
    clock.now += 5
    assert breaker.allow() is True
    breaker.record(False)
    assert breaker.state is BreakerState.OPEN and breaker.opened == 2
    clock.now += 5
    assert breaker.allow() is True


def test_a_probe_that_never_reports_does_not_block_forever():
    clock = Clock()
    breaker = CircuitBreaker(
        "alerts", window_seconds=10, minimum_calls=1, failure_rate=0.5, open_seconds=5, clock=clock
    )
    breaker.record(False)
    clock.now += 5
    assert breaker.allow() is True  # this probe is cancelled and never records
    assert breaker.allow() is False
    clock.now += 5
    assert breaker.allow() is True


def test_failures_outside_the_window_do_not_count():
    clock = Clock()
    breaker = CircuitBreaker(
        "alerts", window_seconds=10, minimum_calls=4, failure_rate=0.5, open_seconds=5, clock=clock
    )
    for _ in range(3):
        breaker.record(False)
    clock.now += 11
    breaker.record(False)
    assert breaker.state is BreakerState.CLOSED


async def test_an_open_breaker_fails_fast_without_calling_the_upstream(router, token_route, http, tokens):
    route = router.get(f"{ALERTS}/thing").respond(503)
    policy = UpstreamResilience(attempts=1, breaker_minimum_calls=5, breaker_failure_rate=0.5, breaker_open_seconds=60)
    sick = client(http, tokens, policy)
    for _ in range(5):
        with pytest.raises(UpstreamUnavailable):
            await sick.get("/thing", dict)
    assert sick.breaker.state is BreakerState.OPEN
    with pytest.raises(UpstreamCircuitOpen) as caught:
        await sick.get("/thing", dict)
    assert caught.value.upstream == "alerts"
    assert route.call_count == 5


async def test_unreadable_answers_count_as_failures_for_the_breaker(router, token_route, http, tokens):
    router.get(f"{ALERTS}/thing").respond(200, content=b'{"truncated')
    policy = UpstreamResilience(breaker_minimum_calls=3, breaker_open_seconds=60)
    sick = client(http, tokens, policy)
    for _ in range(3):
        with pytest.raises(UpstreamUnavailable):
            await sick.get("/thing", dict)
    assert sick.breaker.state is BreakerState.OPEN


async def test_rejections_and_not_found_do_not_open_the_breaker(router, token_route, http, tokens):
    router.get(f"{ALERTS}/missing").respond(404)
    router.get(f"{ALERTS}/refused").respond(400)
    well = client(http, tokens, UpstreamResilience(breaker_minimum_calls=2))
    for _ in range(5):
        assert await well.get("/missing", dict) is None
        with pytest.raises(UpstreamRejected):
            await well.get("/refused", dict)
    assert well.breaker.state is BreakerState.CLOSED


async def test_the_request_deadline_cancels_a_call_and_says_timeout(router, token_route, http, tokens):
    started = asyncio.Event()

    async def hangs(request: httpx.Request) -> httpx.Response:
        started.set()
        await asyncio.sleep(30)
        return httpx.Response(200, json={})

    router.get(f"{ALERTS}/slow").mock(side_effect=hangs)
    with request_deadline(0.3):
        task = asyncio.ensure_future(client(http, tokens).get("/slow", dict))
        with pytest.raises(UpstreamTimeout) as caught:
            await asyncio.wait_for(task, timeout=5)  # a bound only to detect a hang
    assert started.is_set()
    assert caught.value.upstream == "alerts"
    assert "deadline" in str(caught.value)


async def test_the_deadline_also_bounds_waiting_for_a_slot(router, token_route, http, tokens):
    async def hangs(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(30)
        return httpx.Response(200, json={})

    router.get(f"{ALERTS}/slow").mock(side_effect=hangs)
    one_slot = UpstreamClient("alerts", http, ALERTS, tokens, max_concurrency=1, resilience=QUICK)
    with request_deadline(0.3):
        results = await asyncio.wait_for(
            asyncio.gather(*(one_slot.get("/slow", dict) for _ in range(3)), return_exceptions=True), timeout=5
        )
    assert all(isinstance(r, UpstreamTimeout) for r in results)


async def test_breaker_states_are_readable_per_upstream(simulator):
    upstreams = build_upstreams(Settings(), embedded_app=simulator.app)
    try:
        assert upstreams.breaker_states() == dict.fromkeys(UPSTREAMS, "closed")
        for _ in range(upstreams.alerts.breaker._minimum_calls):
            upstreams.alerts.breaker.record(False)
        assert upstreams.breaker_states()["alerts"] == "open"
    finally:
        await upstreams.aclose()
