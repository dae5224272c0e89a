"""Unit-test fixtures: a real httpx.AsyncClient whose traffic respx intercepts, and an HMPPS Auth token route."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import respx

from upstream.auth import ClientCredentials

TOKEN_URL = "https://auth.example/auth/oauth/token"
CLIENT_ID = "person-graph"
CLIENT_SECRET = "s3cret"


def base_url(name: str) -> str:
    return f"https://{name}.example"


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    """Every request must hit a mocked route (assert_all_mocked); routes need not all be called."""
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as mock:
        yield mock


@pytest.fixture
def token_route(router: respx.MockRouter) -> respx.Route:
    """HMPPS Auth answering one long-lived token; tests needing other answers set their own side effects."""
    return router.post(TOKEN_URL).respond(
        200, json={"access_token": "tok-1", "token_type": "bearer", "expires_in": 1199, "scope": "read"}
    )


@pytest.fixture
async def http(router: respx.MockRouter) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=httpx.Timeout(5.0)) as client:
        yield client


@pytest.fixture
def tokens(http: httpx.AsyncClient) -> ClientCredentials:
    return ClientCredentials(http, TOKEN_URL, CLIENT_ID, CLIENT_SECRET)
