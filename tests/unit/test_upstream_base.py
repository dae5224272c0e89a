"""UpstreamClient behaviour not specific to any one client: 4xx, whole-request deadline, concurrency bound, paths."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from pydantic import ValidationError

from tests.unit.conftest import base_url
from upstream.base import UpstreamClient, path_segment
from upstream.errors import UpstreamRejected, UpstreamTimeout, UpstreamUnavailable
from upstream.prisoner_search import Prisoner, PrisonerSearchClient

PRISON_API = base_url("prison-api")


@pytest.mark.parametrize("status", [400, 403, 409, 422])
async def test_other_4xx_is_upstream_rejected_with_the_status(status, router, token_route, http, tokens):
    router.get(f"{PRISON_API}/api/offenders/A1234AA").respond(status, json={"status": status})
    client = UpstreamClient("prison-api", http, PRISON_API, tokens)

    with pytest.raises(UpstreamRejected) as caught:
        await client.get("/api/offenders/A1234AA", dict)
    assert caught.value.upstream == "prison-api"
    assert caught.value.status == status
    assert not isinstance(caught.value, UpstreamUnavailable)


async def test_a_body_slower_than_the_deadline_is_upstream_timeout(router, token_route, http, tokens):
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return httpx.Response(200, json={})

    router.get(f"{PRISON_API}/slow").mock(side_effect=slow)
    client = UpstreamClient("prison-api", http, PRISON_API, tokens, deadline_seconds=0.05)

    with pytest.raises(UpstreamTimeout) as caught:
        await asyncio.wait_for(client.get("/slow", dict), timeout=2)
    assert caught.value.upstream == "prison-api"


async def test_requests_in_flight_are_bounded_per_client(router, token_route, http, tokens):
    in_flight = peak = 0

    async def counting(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return httpx.Response(200, json={"n": request.url.params["n"]})

    route = router.get(f"{PRISON_API}/thing").mock(side_effect=counting)
    client = UpstreamClient("prison-api", http, PRISON_API, tokens, max_concurrency=3)

    answers = await asyncio.gather(*(client.get("/thing", dict, params={"n": i}) for i in range(12)))

    assert answers == [{"n": str(i)} for i in range(12)]
    assert route.call_count == 12
    assert peak == 3


async def test_waiting_for_a_slot_does_not_count_against_the_deadline(router, token_route, http, tokens):
    async def takes_a_while(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.05)
        return httpx.Response(200, json=True)

    router.get(f"{PRISON_API}/thing").mock(side_effect=takes_a_while)
    # one slot, 0.2 s deadline: the eighth caller queues ~0.35 s, but its own request takes only 0.05 s
    client = UpstreamClient("prison-api", http, PRISON_API, tokens, max_concurrency=1, deadline_seconds=0.2)

    assert await asyncio.gather(*(client.get("/thing", bool) for _ in range(8))) == [True] * 8


def test_path_segment_escapes_everything_that_is_not_an_identifier_character() -> None:
    assert path_segment("A1234AA") == "A1234AA"
    assert path_segment("A/../admin") == "A%2F..%2Fadmin"
    assert path_segment("MDI A?x=1#f") == "MDI%20A%3Fx%3D1%23f"


async def test_identifiers_are_escaped_in_the_request_path(router, token_route, http, tokens):
    route = router.route(host="prisoner-search.example").respond(404)
    client = PrisonerSearchClient("prisoner-search", http, base_url("prisoner-search"), tokens)

    assert await client.prisoner("A1/../../admin?x") is None
    assert route.calls.last.request.url.raw_path == b"/prisoner/A1%2F..%2F..%2Fadmin%3Fx"


async def test_unknown_fields_are_ignored_and_models_are_frozen(router, token_route, http, tokens):
    router.get(f"{base_url('prisoner-search')}/prisoner/A1234AA").respond(
        200, json={"prisonerNumber": "A1234AA", "brandNewField": {"nested": 1}}
    )
    client = PrisonerSearchClient("prisoner-search", http, base_url("prisoner-search"), tokens)

    prisoner = await client.prisoner("A1234AA")

    assert prisoner == Prisoner(prisonerNumber="A1234AA")
    with pytest.raises(ValidationError):
        prisoner.prisonerNumber = "B2345BB"  # type: ignore[misc]
