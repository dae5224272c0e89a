"""CORS: a browser page on an allowed origin may call the graph; any other origin gets no CORS header."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from server import create_app
from settings import DEV_ORIGINS, Settings, cors_origins
from web.cors import MAX_AGE_SECONDS

APP_ORIGIN = "https://prison-app.example"
QUERY = {"query": '{ person(hmppsId: "A1234BC") { hmppsId } }'}


@pytest.fixture
async def cors_graph(simulator) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(cors_allowed_origins=(APP_ORIGIN,)), embedded_simulator=simulator)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        yield client
    await app.state.upstreams.aclose()


def cors_headers(response: httpx.Response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k.lower().startswith("access-control-")}


def preflight(origin: str, method: str = "POST", headers: str = "authorization,content-type") -> dict[str, str]:
    return {"Origin": origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": headers}


async def test_an_allowed_origin_reads_the_answer_and_the_request_id(cors_graph):
    response = await cors_graph.post("/graphql", json=QUERY, headers={"Origin": APP_ORIGIN})
    assert response.status_code == 200 and response.json()["data"]["person"]["hmppsId"] == "X123456"
    assert response.headers["access-control-allow-origin"] == APP_ORIGIN
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()
    assert "access-control-allow-credentials" not in response.headers
    assert "Origin" in response.headers["vary"]


async def test_an_allowed_origin_gets_cors_headers_on_errors_too(cors_graph):
    """A page must be able to read why its request was refused."""
    response = await cors_graph.post(
        "/graphql", content=b"{", headers={"Origin": APP_ORIGIN, "content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["access-control-allow-origin"] == APP_ORIGIN


async def test_a_disallowed_origin_gets_no_cors_header(cors_graph):
    for origin in ["https://evil.example", "http://prison-app.example", f"{APP_ORIGIN}:443", "null"]:
        response = await cors_graph.post("/graphql", json=QUERY, headers={"Origin": origin})
        # The server still answers (CORS is the browser's rule), but the browser will not show it to the page.
        assert response.status_code == 200
        assert cors_headers(response) == {}, origin


async def test_preflight_from_an_allowed_origin_names_what_graphql_clients_send(cors_graph):
    headers = "authorization,content-type,apollographql-client-name,apollographql-client-version,apollo-require-preflight,x-request-id"
    response = await cors_graph.options("/graphql", headers=preflight(APP_ORIGIN, headers=headers))
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == APP_ORIGIN
    assert response.headers["access-control-max-age"] == str(MAX_AGE_SECONDS)
    assert set(response.headers["access-control-allow-methods"].split(", ")) == {"GET", "POST"}
    allowed = {h.lower() for h in response.headers["access-control-allow-headers"].split(", ")}
    assert set(headers.split(",")) <= allowed


async def test_preflight_for_a_get_query(cors_graph):
    response = await cors_graph.options(
        "/graphql", headers=preflight(APP_ORIGIN, method="GET", headers="authorization")
    )
    assert response.status_code == 200 and response.headers["access-control-allow-origin"] == APP_ORIGIN


async def test_preflight_from_a_disallowed_origin_is_refused_with_no_cors_header(cors_graph):
    response = await cors_graph.options("/graphql", headers=preflight("https://evil.example"))
    assert response.status_code == 403
    assert cors_headers(response) == {}
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_preflight_for_a_method_or_header_not_allowed_is_refused(cors_graph):
    for headers in [preflight(APP_ORIGIN, method="DELETE"), preflight(APP_ORIGIN, headers="x-forwarded-for")]:
        response = await cors_graph.options("/graphql", headers=headers)
        assert response.status_code == 400


async def test_the_embedded_default_allows_local_development_origins(graph):
    response = await graph.options("/graphql", headers=preflight("http://localhost:3000"))
    assert response.status_code == 200 and response.headers["access-control-allow-origin"] == "http://localhost:3000"
    response = await graph.post("/graphql", json=QUERY, headers={"Origin": "https://prison-app.example"})
    assert cors_headers(response) == {}


def test_real_upstreams_allow_no_origin_unless_configured():
    assert Settings(upstream_urls={"alerts": "http://alerts"}).cors_origins == ()
    assert Settings().cors_origins == DEV_ORIGINS
    assert Settings(cors_allowed_origins=()).cors_origins == ()


def test_configured_origins_are_exact():
    assert cors_origins("https://a.example, http://localhost:8080") == ("https://a.example", "http://localhost:8080")
    assert cors_origins("") == ()
    assert cors_origins(None) is None
    for wrong in ["*", "https://*.example", "https://a.example/", "a.example", "https://a.example/path"]:
        with pytest.raises(SystemExit):
            cors_origins(wrong)
