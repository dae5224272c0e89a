"""HMPPS Auth client-credentials tokens: caching, expiry, one refresh under concurrency, 401 retry, failures."""

from __future__ import annotations

import asyncio
import base64
import types
from urllib.parse import parse_qs

import httpx
import pytest
import respx

import upstream.auth
from tests.unit.conftest import CLIENT_ID, CLIENT_SECRET, TOKEN_URL, base_url
from upstream.auth import ClientCredentials
from upstream.errors import UpstreamRejected, UpstreamTimeout, UpstreamUnavailable
from upstream.prisoner_search import PrisonerSearchClient

SEARCH = base_url("prisoner-search")
PRISONER = {"prisonerNumber": "A1234AA", "lastName": "LARSEN"}


class FakeClock:
    """Stands in for time.monotonic inside upstream.auth only (asyncio's own clock is left alone)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(upstream.auth, "time", types.SimpleNamespace(monotonic=fake.monotonic))
    return fake


def token_answers(*tokens: str, expires_in: float | None = 1199):
    """A side effect answering tok-1, tok-2, ... in turn, as HMPPS Auth would."""
    answers = iter(tokens)

    def answer(request: httpx.Request) -> httpx.Response:
        body = {"access_token": next(answers), "token_type": "bearer", "scope": "read"}
        if expires_in is not None:
            body["expires_in"] = expires_in
        return httpx.Response(200, json=body)

    return answer


@pytest.fixture
def search(http: httpx.AsyncClient, tokens: ClientCredentials) -> PrisonerSearchClient:
    return PrisonerSearchClient("prisoner-search", http, SEARCH, tokens)


@pytest.fixture
def prisoner_route(router: respx.MockRouter) -> respx.Route:
    return router.get(f"{SEARCH}/prisoner/A1234AA").respond(200, json=PRISONER)


def bearers(route: respx.Route) -> list[str]:
    return [call.request.headers["Authorization"] for call in route.calls]


async def test_the_token_request_is_a_client_credentials_grant_with_basic_auth(router, http, tokens):
    route = router.post(TOKEN_URL).mock(side_effect=token_answers("tok-1"))

    assert await tokens.token() == "tok-1"

    request = route.calls.last.request
    assert request.method == "POST"
    assert parse_qs(request.content.decode()) == {"grant_type": ["client_credentials"]}
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    assert request.headers["Authorization"] == f"Basic {expected}"


async def test_one_token_is_fetched_and_reused_for_many_calls(router, search, tokens, prisoner_route, clock):
    auth = router.post(TOKEN_URL).mock(side_effect=token_answers("tok-1", "tok-2"))

    for _ in range(5):
        clock.now += 10
        assert (await search.prisoner("A1234AA")).lastName == "LARSEN"

    assert auth.call_count == 1
    assert tokens.fetches == 1
    assert bearers(prisoner_route) == ["Bearer tok-1"] * 5


async def test_the_token_is_refreshed_60_seconds_before_it_expires(router, search, tokens, prisoner_route, clock):
    auth = router.post(TOKEN_URL).mock(side_effect=token_answers("tok-1", "tok-2", expires_in=300))

    await search.prisoner("A1234AA")  # t=0: fetched, good until t=240 (300 s less the 60 s margin)
    clock.now += 239.9
    await search.prisoner("A1234AA")  # still cached
    assert auth.call_count == 1
    clock.now += 0.1
    await search.prisoner("A1234AA")  # t=240: refreshed
    await search.prisoner("A1234AA")

    assert auth.call_count == 2
    assert tokens.fetches == 2
    assert bearers(prisoner_route) == ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2", "Bearer tok-2"]


async def test_a_missing_expires_in_means_300_seconds(router, search, tokens, prisoner_route, clock):
    auth = router.post(TOKEN_URL).mock(side_effect=token_answers("tok-1", "tok-2", expires_in=None))

    await search.prisoner("A1234AA")
    clock.now += 239
    await search.prisoner("A1234AA")
    assert auth.call_count == 1
    clock.now += 2
    await search.prisoner("A1234AA")
    assert auth.call_count == 2


async def test_a_lifetime_shorter_than_the_margin_is_fetched_for_every_call(router, search, tokens, prisoner_route):
    """expires_in=30 is under the 60 s refresh margin: the token counts as already stale, never cached.

    (This is what the code does, with the real clock: every call costs a token request.)"""
    auth = router.post(TOKEN_URL).mock(side_effect=token_answers("tok-1", "tok-2", "tok-3", expires_in=30))

    for _ in range(3):
        await search.prisoner("A1234AA")

    assert auth.call_count == 3
    assert tokens.fetches == 3
    assert bearers(prisoner_route) == ["Bearer tok-1", "Bearer tok-2", "Bearer tok-3"]


def slow_token_answers(*tokens: str, expires_in: float = 1199):
    """Like token_answers, but the token takes a moment to arrive, so concurrent callers pile up behind it."""
    answer = token_answers(*tokens, expires_in=expires_in)

    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.05)
        return answer(request)

    return slow


async def test_twenty_concurrent_callers_without_a_token_cause_one_fetch(router, search, tokens, prisoner_route):
    auth = router.post(TOKEN_URL).mock(side_effect=slow_token_answers("tok-1", "tok-2"))

    results = await asyncio.gather(*(search.prisoner("A1234AA") for _ in range(20)))

    assert [p.prisonerNumber for p in results] == ["A1234AA"] * 20
    assert auth.call_count == 1
    assert tokens.fetches == 1
    assert bearers(prisoner_route) == ["Bearer tok-1"] * 20


async def test_twenty_concurrent_callers_with_an_expired_token_cause_one_refresh(
    router, search, tokens, prisoner_route, clock
):
    auth = router.post(TOKEN_URL).mock(side_effect=slow_token_answers("tok-1", "tok-2", "tok-3"))
    await search.prisoner("A1234AA")
    clock.now += 1199 - 60  # now exactly at the refresh point

    await asyncio.gather(*(search.prisoner("A1234AA") for _ in range(20)))

    assert auth.call_count == 2
    assert tokens.fetches == 2
    assert bearers(prisoner_route) == ["Bearer tok-1"] + ["Bearer tok-2"] * 20


async def test_a_401_refreshes_the_token_once_and_retries_once(router, search, tokens):
    auth = router.post(TOKEN_URL).mock(side_effect=token_answers("tok-1", "tok-2", "tok-3"))
    route = router.get(f"{SEARCH}/prisoner/A1234AA").mock(
        side_effect=[
            httpx.Response(401, json={"status": 401, "userMessage": "token revoked"}),
            httpx.Response(200, json=PRISONER),
        ]
    )

    prisoner = await search.prisoner("A1234AA")

    assert prisoner.lastName == "LARSEN"
    assert auth.call_count == 2
    assert bearers(route) == ["Bearer tok-1", "Bearer tok-2"]
    # and the refreshed token is the one kept for later calls
    route.mock(side_effect=None).respond(200, json=PRISONER)
    await search.prisoner("A1234AA")
    assert bearers(route)[-1] == "Bearer tok-2"
    assert auth.call_count == 2


async def test_a_token_revoked_under_twenty_concurrent_requests_is_refreshed_once(router, http, tokens):
    """Every request in flight with the revoked token gets a 401; only the first may throw the new token away."""
    auth = router.post(TOKEN_URL).mock(side_effect=token_answers(*(f"tok-{i}" for i in range(1, 30))))

    async def revoked_tok_1(request: httpx.Request) -> httpx.Response:
        if request.headers["Authorization"] == "Bearer tok-1":
            await asyncio.sleep(0.01)
            return httpx.Response(401, json={"status": 401})
        return httpx.Response(200, json=PRISONER)

    route = router.get(f"{SEARCH}/prisoner/A1234AA").mock(side_effect=revoked_tok_1)
    search = PrisonerSearchClient("prisoner-search", http, SEARCH, tokens, max_concurrency=5)

    results = await asyncio.gather(*(search.prisoner("A1234AA") for _ in range(20)))

    assert [p.prisonerNumber for p in results] == ["A1234AA"] * 20
    assert auth.call_count == 2
    assert sorted(bearers(route)) == ["Bearer tok-1"] * 20 + ["Bearer tok-2"] * 20


async def test_a_second_401_is_rejected_without_a_third_attempt(router, search, tokens):
    auth = router.post(TOKEN_URL).mock(side_effect=token_answers("tok-1", "tok-2", "tok-3"))
    route = router.get(f"{SEARCH}/prisoner/A1234AA").respond(401, json={"status": 401})

    with pytest.raises(UpstreamRejected) as caught:
        await search.prisoner("A1234AA")

    assert caught.value.status == 401
    assert caught.value.upstream == "prisoner-search"
    assert route.call_count == 2
    assert auth.call_count == 2
    assert bearers(route) == ["Bearer tok-1", "Bearer tok-2"]


async def test_a_403_is_not_retried_with_a_new_token(router, search, tokens):
    auth = router.post(TOKEN_URL).mock(side_effect=token_answers("tok-1", "tok-2"))
    route = router.get(f"{SEARCH}/prisoner/A1234AA").respond(403, json={"status": 403})

    with pytest.raises(UpstreamRejected) as caught:
        await search.prisoner("A1234AA")

    assert caught.value.status == 403
    assert route.call_count == 1
    assert auth.call_count == 1


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(500, json={"error": "server_error"}),
        httpx.Response(503, text="Service Unavailable"),
        httpx.Response(401, json={"error": "invalid_client", "error_description": "Bad client credentials"}),
        httpx.Response(200, text="<html>login page</html>"),
        httpx.Response(200, json={"token_type": "bearer", "expires_in": 1199}),
        httpx.Response(200, json={"access_token": "tok-1", "expires_in": "soon"}),
        httpx.Response(200, json=["tok-1"]),
        httpx.Response(200, json={"access_token": None, "expires_in": 1199}),
        httpx.Response(200, json={"access_token": "", "expires_in": 1199}),
    ],
    ids=[
        "500",
        "503",
        "401-bad-credentials",
        "html",
        "no-access-token",
        "bad-expires-in",
        "a-list",
        "null-token",
        "empty-token",
    ],
)
async def test_an_auth_failure_is_upstream_unavailable_from_hmpps_auth(response, router, search, tokens):
    router.post(TOKEN_URL).mock(return_value=response)
    route = router.get(f"{SEARCH}/prisoner/A1234AA").respond(200, json=PRISONER)

    with pytest.raises(UpstreamUnavailable) as caught:
        await search.prisoner("A1234AA")

    assert caught.value.upstream == "hmpps-auth"
    assert route.call_count == 0  # the upstream is never called without a token


async def test_auth_unreachable_is_upstream_unavailable_from_hmpps_auth(router, search):
    router.post(TOKEN_URL).mock(side_effect=httpx.ConnectError("connection refused"))

    with pytest.raises(UpstreamUnavailable) as caught:
        await search.prisoner("A1234AA")
    assert caught.value.upstream == "hmpps-auth"


async def test_auth_timeout_is_upstream_timeout_from_hmpps_auth(router, search):
    router.post(TOKEN_URL).mock(side_effect=httpx.ReadTimeout("timed out"))

    with pytest.raises(UpstreamTimeout) as caught:
        await search.prisoner("A1234AA")
    assert caught.value.upstream == "hmpps-auth"


async def test_a_failed_token_fetch_is_not_cached(router, search, tokens, prisoner_route):
    auth = router.post(TOKEN_URL).mock(
        side_effect=[
            httpx.Response(503),
            httpx.Response(200, json={"access_token": "tok-2", "expires_in": 1199}),
        ]
    )

    with pytest.raises(UpstreamUnavailable):
        await search.prisoner("A1234AA")
    assert (await search.prisoner("A1234AA")).prisonerNumber == "A1234AA"

    assert auth.call_count == 2
    assert tokens.fetches == 2
    assert bearers(prisoner_route) == ["Bearer tok-2"]
