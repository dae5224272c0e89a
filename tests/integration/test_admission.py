"""Admission control end to end: tiny bounds and slow upstreams; outcomes only (status, headers,
body, the order answers finish in, what the budget holds afterwards), never times. The rules of the
cost stage, one by one: tests/unit/test_cost_admission.py."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from server import create_app
from settings import AdmissionSettings, Settings
from simulator.controls import FaultRule, LatencyRule

PERSON = "query($id: ID!) { person(hmppsId: $id) { lastName } }"
# Costlier than PERSON by the page size: each of 5 prisoners' fields counts.
WING = (
    '{ prison(prisonId: "MDI") { prisoners(perPage: 5) { items { lastName firstName alerts { items { code } } } } } }'
)


@pytest.fixture
def slow(simulator):
    """Every upstream answers after 400 ms: a request holds its slot that long."""
    simulator.controls.latency.append(LatencyRule(target="*", ms=400))
    return simulator


async def send_together(simulator, population, admission: AdmissionSettings, count: int) -> list[httpx.Response]:
    app = create_app(Settings(timeout_seconds=5.0, admission=admission), embedded_simulator=simulator)
    crn = next(p.crn for p in population.people if p.crn and p.prison_id == "MDI")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        responses = await asyncio.gather(
            *(client.post("/graphql", json={"query": PERSON, "variables": {"id": crn}}) for _ in range(count))
        )
    admission = app.state.admission
    assert admission.budget.admitted + admission.budget.refused + admission.refused == count
    assert (admission.budget.in_use, admission.budget.running, admission.budget.waiting) == (0, 0, 0)
    await app.state.upstreams.aclose()
    return list(responses)


async def until(condition, limit: int = 10_000) -> None:
    """Lets the event loop run until `condition()` holds (a bound only against a hang)."""
    for _ in range(limit):
        if condition():
            return
        await asyncio.sleep(0.001)
    raise AssertionError("the condition never held")


def statuses(responses: list[httpx.Response]) -> list[int]:
    return sorted(r.status_code for r in responses)


async def test_beyond_the_bound_and_the_queue_a_request_is_refused_at_once(slow, population) -> None:
    responses = await send_together(
        slow, population, AdmissionSettings(max_in_flight=1, queue_length=0, retry_after_seconds=3), 3
    )
    assert statuses(responses) == [200, 503, 503]
    refused = [r for r in responses if r.status_code == 503]
    for response in refused:
        assert response.headers["retry-after"] == "3"
        assert response.headers["content-type"] == "application/json"
        [error] = response.json()["errors"]
        assert error["extensions"] == {"code": "SERVICE_UNAVAILABLE", "retryAfterSeconds": 3}
        assert "retry after 3 s" in error["message"]
    [answered] = [r for r in responses if r.status_code == 200]
    assert "errors" not in answered.json()


async def test_a_queued_request_is_refused_when_its_deadline_passes(slow, population) -> None:
    # The first holds the slot for at least 400 ms; the second may wait 10 ms; the third finds the queue full.
    responses = await send_together(
        slow, population, AdmissionSettings(max_in_flight=1, queue_length=1, queue_seconds=0.01), 3
    )
    assert statuses(responses) == [200, 503, 503]


async def test_a_queued_request_runs_when_a_slot_frees_within_its_deadline(slow, population) -> None:
    responses = await send_together(
        slow, population, AdmissionSettings(max_in_flight=1, queue_length=2, queue_seconds=60), 3
    )
    assert statuses(responses) == [200, 200, 200]


async def test_the_health_check_is_never_refused(slow, population, simulator) -> None:
    app = create_app(
        Settings(timeout_seconds=5.0, admission=AdmissionSettings(max_in_flight=1, queue_length=0)),
        embedded_simulator=simulator,
    )
    crn = next(p.crn for p in population.people if p.crn)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        busy = asyncio.ensure_future(client.post("/graphql", json={"query": PERSON, "variables": {"id": crn}}))
        await asyncio.sleep(0)
        health = await client.get("/health")
        assert health.status_code == 200
        assert (await busy).status_code == 200
    await app.state.upstreams.aclose()


async def test_a_cheap_query_waiting_runs_before_a_costly_one_that_waited_longer(slow, population) -> None:
    app = create_app(
        Settings(timeout_seconds=5.0, admission=AdmissionSettings(max_in_flight=1, queue_length=4, queue_seconds=60)),
        embedded_simulator=slow,
    )
    budget = app.state.admission.budget
    crn = next(p.crn for p in population.people if p.crn and p.prison_id == "MDI")
    finished: list[str] = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:

        async def ask(name: str, query: str) -> httpx.Response:
            response = await client.post("/graphql", json={"query": query, "variables": {"id": crn}})
            finished.append(name)
            return response

        first = asyncio.ensure_future(ask("first person", PERSON))
        await until(lambda: budget.running == 1)
        wing = asyncio.ensure_future(ask("wing list", WING))
        await until(lambda: budget.waiting == 1)
        person = asyncio.ensure_future(ask("second person", PERSON))
        await until(lambda: budget.waiting == 2)
        responses = await asyncio.gather(first, wing, person)
    assert finished == ["first person", "second person", "wing list"]
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert (budget.in_use, budget.running, budget.waiting) == (0, 0, 0)
    await app.state.upstreams.aclose()


async def test_the_share_is_given_back_when_a_query_fails(simulator, population) -> None:
    simulator.controls.faults.append(FaultRule(target="*", type="status", status=500))
    app = create_app(
        Settings(timeout_seconds=5.0, admission=AdmissionSettings(max_in_flight=1, queue_length=0)),
        embedded_simulator=simulator,
    )
    budget = app.state.admission.budget
    crn = next(p.crn for p in population.people if p.crn)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        for query in (PERSON, "{ person(hmppsId: 1) { nosuchfield } }", PERSON):  # upstream error, invalid, again
            response = await client.post("/graphql", json={"query": query, "variables": {"id": crn}})
            assert response.status_code == 200
            assert response.json()["errors"]
            assert (budget.in_use, budget.running) == (0, 0)
    assert (budget.admitted, budget.refused) == (2, 0)  # the invalid query never reached the budget
    await app.state.upstreams.aclose()


async def test_the_share_is_given_back_when_the_client_goes_away(slow, population) -> None:
    app = create_app(
        Settings(timeout_seconds=5.0, admission=AdmissionSettings(max_in_flight=1, queue_length=1, queue_seconds=60)),
        embedded_simulator=slow,
    )
    budget = app.state.admission.budget
    crn = next(p.crn for p in population.people if p.crn)
    body = {"query": PERSON, "variables": {"id": crn}}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        running = asyncio.ensure_future(client.post("/graphql", json=body))
        await until(lambda: budget.running == 1)
        waiting = asyncio.ensure_future(client.post("/graphql", json=body))
        await until(lambda: budget.waiting == 1)
        # Over ASGI the application runs in the client's task: cancelling it is the server's request cancelled.
        waiting.cancel()
        running.cancel()
        for gone in (waiting, running):
            with pytest.raises(asyncio.CancelledError):
                await gone
        assert (budget.in_use, budget.running, budget.waiting) == (0, 0, 0)
        assert (await client.post("/graphql", json=body)).status_code == 200
    await app.state.upstreams.aclose()


async def test_a_query_costlier_than_the_whole_budget_runs_when_nothing_else_does(simulator, population) -> None:
    app = create_app(
        Settings(timeout_seconds=5.0, admission=AdmissionSettings(cost_budget=1, queue_length=0)),
        embedded_simulator=simulator,
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        response = await client.post("/graphql", json={"query": WING})
    assert response.status_code == 200
    assert "errors" not in response.json()
    assert app.state.admission.budget.admitted == 1
    await app.state.upstreams.aclose()


async def test_a_query_waiting_on_a_hanging_upstream_gives_its_place_to_a_small_query(simulator, population) -> None:
    simulator.controls.faults.append(FaultRule(target="alerts", type="timeout", seconds=30))
    settings = AdmissionSettings(max_in_flight=1, queue_length=0, stall_seconds=0.05)
    app = create_app(Settings(timeout_seconds=20.0, admission=settings), embedded_simulator=simulator)
    budget = app.state.admission.budget
    person = next(p for p in population.people if p.prison_id == "MDI" and p.prisoner_number)
    sick = "query($id: ID!) { person(hmppsId: $id) { alerts { items { code } } } }"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        body = {"query": sick, "variables": {"id": person.prisoner_number}}
        hanging = asyncio.ensure_future(client.post("/graphql", json=body))
        await until(lambda: budget.gave_way == 1)
        small = await client.post("/graphql", json={"query": PERSON, "variables": {"id": person.prisoner_number}})
        assert small.status_code == 200 and "errors" not in small.json()
        assert not hanging.done()  # still waiting on alerts
        hanging.cancel()
        with pytest.raises(asyncio.CancelledError):
            await hanging
    assert (budget.in_use, budget.running) == (0, 0)
    await app.state.upstreams.aclose()
