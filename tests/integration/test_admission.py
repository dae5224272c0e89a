"""Admission control: a tiny bound and slow upstreams; outcomes only (status, headers, body), never times."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from server import create_app
from settings import AdmissionSettings, Settings
from simulator.controls import LatencyRule

PERSON = "query($id: ID!) { person(hmppsId: $id) { lastName } }"


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
    assert app.state.admission.admitted + app.state.admission.refused == count
    await app.state.upstreams.aclose()
    return list(responses)


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
