"""Person.images: resolvers/images.py -> loaders.images_by_prisoner_number -> upstream/prison_api.py images ->
simulator/prison_api.py; and each image's url, GET /images/{prisonerNumber}/{imageId} (web/images.py), which
streams upstream/prison_api.py image_data. Its client and contract rows too (image_data streams, so its
client behaviours are tested here, not by the JSON table: STREAMED_METHODS)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import httpx
import pytest
import respx

from access.audit import MemoryAuditSink
from schema.audit import drain_audit_writes
from schema.person import Person as PersonType
from server import create_app
from settings import Settings
from simulator.controls import FaultRule
from simulator.population import Person, Population
from simulator.prison_api import image_jpeg, images_of
from tests.cases import UNKNOWN_NOMS, Call, Case, CaseBuilder, pick
from tests.conftest import query
from tests.fields.conftest import extensions_on
from tests.unit.conftest import CLIENT_ID, CLIENT_SECRET, TOKEN_URL, base_url
from upstream.auth import ClientCredentials
from upstream.errors import UpstreamRejected, UpstreamTimeout, UpstreamUnavailable
from upstream.prison_api import PrisonApiClient

LIST_ENDPOINT = "prison-api GET /api/images/offenders/{offenderNo}"
DATA_ENDPOINT = "prison-api GET /api/images/{imageId}/data"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40 + b"\xff\xd9"

CLIENT_CASES = [
    Case(
        "prison_api.images",
        PrisonApiClient,
        "prison-api",
        lambda c: c.images("A1234AA"),
        "GET",
        "/api/images/offenders/A1234AA",
        [
            {
                "imageId": 2461788,
                "active": False,
                "captureDate": "2021-07-05",
                "captureDateTime": "2021-07-05T10:35:17",
                "imageView": "OIC",
                "imageOrientation": "NECK",
                "imageType": "OFF_IDM",
                "objectId": 1200924,
            }
        ],
        lambda r: [(i.imageId, i.active, i.captureDateTime, i.imageView, i.imageOrientation, i.imageType) for i in r],
        [(2461788, False, datetime(2021, 7, 5, 10, 35, 17), "OIC", "NECK", "OFF_IDM")],
        on_404=None,
        wrong_shape=[{"imageId": 2461788}],
    ),
]
# Client methods whose answer is streamed, not parsed: not in the JSON table; their behaviours are below.
STREAMED_METHODS = ["prison_api.image_data"]


def with_three_images(pop: Population) -> Person:
    # The simulator gives everyone with a booking a reception photograph, one in three an older one, one in
    # five a tattoo: index % 15 == 0 has all three.
    return pick(pop, "prisoner with three images", lambda p: p.prison_id == "MDI" and len(images_of(p, pop.today)) == 3)


CONTRACT_CASES: dict[str, dict[str, CaseBuilder]] = {
    LIST_ENDPOINT: {
        "with images": lambda pop: Call(
            f"/api/images/offenders/{with_three_images(pop).prisoner_number}", 200, nonempty=True
        ),
        "unknown": lambda pop: Call(f"/api/images/offenders/{UNKNOWN_NOMS}", 404),
    },
    DATA_ENDPOINT: {
        "a photograph": lambda pop: Call(
            f"/api/images/{images_of(with_three_images(pop), pop.today)[0].image_id(with_three_images(pop))}/data", 200
        ),
        "unknown": lambda pop: Call("/api/images/999999999/data", 404),
    },
}

QUERY = """
query ($id: ID!) {
  person(hmppsId: $id) {
    images { items { id active captureDateTime view orientation type url } pagination { totalCount } }
  }
}
"""


def expected_urls(p: Person, pop: Population) -> list[str]:
    found = sorted(images_of(p, pop.today), key=lambda i: i.taken, reverse=True)
    return [f"/images/{p.prisoner_number}/{i.image_id(p)}" for i in found]


# ---- the client's streamed read ------------------------------------------------------------------------


@pytest.fixture
async def upstream() -> AsyncIterator[tuple[respx.Route, PrisonApiClient]]:
    """Prison API's image data route under respx, and a client of it (as tests/unit/ builds them)."""
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        router.post(TOKEN_URL).respond(200, json={"access_token": "tok-1", "token_type": "bearer", "expires_in": 1199})
        route = router.route(method="GET", scheme="https", host="prison-api.example", path="/api/images/2461788/data")
        async with httpx.AsyncClient(timeout=httpx.Timeout(5.0)) as http:
            tokens = ClientCredentials(http, TOKEN_URL, CLIENT_ID, CLIENT_SECRET)
            yield route, PrisonApiClient("prison-api", http, base_url("prison-api"), tokens)


async def read_all(client: PrisonApiClient) -> tuple[str, int | None, bytes] | None:
    async with client.image_data(2461788) as answer:
        if answer is None:
            return None
        return answer.content_type, answer.content_length, b"".join([c async for c in answer.chunks()])


async def test_image_data_streams_the_jpeg_with_its_type_and_length(upstream):
    route, client = upstream
    route.respond(200, content=JPEG, headers={"Content-Type": "image/jpeg"})

    assert await read_all(client) == ("image/jpeg", len(JPEG), JPEG)
    request = route.calls.last.request
    assert request.headers["Accept"].startswith("image/jpeg")
    assert request.headers["Authorization"] == "Bearer tok-1"


async def test_image_data_of_an_unknown_image_is_none(upstream):
    route, client = upstream
    route.respond(404, json={"status": 404, "userMessage": "Not found"})

    assert await read_all(client) is None


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (httpx.Response(503, json={"status": 503}), UpstreamUnavailable),
        (httpx.Response(200, json="not an image"), UpstreamUnavailable),  # JSON where a JPEG was asked for
        (httpx.Response(403, json={"status": 403, "userMessage": "Forbidden"}), UpstreamRejected),
        (httpx.ConnectError("connection refused"), UpstreamUnavailable),
        (httpx.ReadTimeout("timed out"), UpstreamTimeout),
    ],
    ids=["503", "json", "403", "connection refused", "timeout"],
)
async def test_image_data_failures_name_the_upstream(upstream, answer, error):
    route, client = upstream
    if isinstance(answer, httpx.Response):
        route.mock(return_value=answer)
    else:
        route.mock(side_effect=answer)

    with pytest.raises(error) as caught:
        await read_all(client)
    assert caught.value.upstream == "prison-api"


# ---- the field -----------------------------------------------------------------------------------------


async def test_images_newest_first_with_their_urls(graph, population, simulator):
    p = with_three_images(population)

    body = await query(graph, QUERY, id=p.prisoner_number)

    assert "errors" not in body, body
    items = body["data"]["person"]["images"]["items"]
    assert [i["url"] for i in items] == expected_urls(p, population)
    assert [i["captureDateTime"] for i in items] == sorted((i["captureDateTime"] for i in items), reverse=True)
    assert {(i["view"], i["orientation"], i["type"]) for i in items} == {
        ("FACE", "FRONT", "OFF_BKG"),
        ("TAT", "ARM", "OFF_IDM"),
    }
    assert [i["active"] for i in items if i["type"] == "OFF_BKG"] == [True, False]  # the older photograph is not
    assert simulator.controls.endpoint_calls[LIST_ENDPOINT] == 1


async def test_probation_only_person_has_none_and_asks_nothing(graph, simulator):
    body = await query(graph, QUERY, id="X345678")

    assert body["data"]["person"]["images"] == {"items": [], "pagination": {"totalCount": 0}}
    assert simulator.controls.endpoint_calls[LIST_ENDPOINT] == 0


async def test_upstream_failure_nulls_only_this_field(graph, population, simulator):
    p = with_three_images(population)
    simulator.controls.faults.append(FaultRule(target=LIST_ENDPOINT, type="status", status=503))

    body = await query(
        graph, "query ($id: ID!) { person(hmppsId: $id) { lastName images { items { id } } } }", id=p.crn
    )

    assert body["data"]["person"] == {"lastName": p.last_name.upper(), "images": None}
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "upstream": "prison-api"}


def test_images_are_prison_filtered_and_not_withheld_for_limited_access():
    # The Integration API's /v1/persons/{hmppsId}/images lists the prisons filter and no limited-access rule.
    assert extensions_on(PersonType, "images") == {"PrisonFiltered"}


async def test_a_limited_access_persons_images_are_served(graph):
    body = await query(graph, QUERY, id="X456789")

    assert "errors" not in body, body
    assert body["data"]["person"]["images"]["items"]


# ---- the route -----------------------------------------------------------------------------------------


@pytest.fixture
def audit() -> MemoryAuditSink:
    return MemoryAuditSink()


@pytest.fixture
async def server(simulator, audit) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(timeout_seconds=2.0), embedded_simulator=simulator, audit_sink=audit)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        yield client
    await app.state.upstreams.aclose()


def bearer(simulator, consumer: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {simulator.auth.issue(consumer, [])}"}


async def test_the_url_serves_the_jpeg_and_audits_the_read(server, population, simulator, audit):
    p = with_three_images(population)
    body = await query(server, QUERY, id=p.prisoner_number)
    newest = body["data"]["person"]["images"]["items"][0]
    audit.records.clear()

    response = await server.get(newest["url"], headers=bearer(simulator, "full-access-client"))

    image = next(i for i in images_of(p, population.today) if i.image_id(p) == newest["id"])
    assert response.status_code == 200
    assert response.content == image_jpeg(p, image)
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["content-length"] == str(len(response.content))
    assert response.headers["cache-control"] == "private, no-store"
    await drain_audit_writes()  # written once the CRN is looked up, after the answer
    [record] = audit.records
    assert (record.consumer, record.person, record.fields) == (
        "full-access-client",
        {"nomisNumber": p.prisoner_number, "crn": p.crn},
        {"Person.images": "served"},
    )


async def not_found_body(server, simulator, consumer: str, path: str) -> dict:
    response = await server.get(path, headers=bearer(simulator, consumer))
    assert response.status_code == 404, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


async def test_an_image_that_is_not_the_persons_is_not_found_like_an_unknown_one(server, population, simulator):
    p = with_three_images(population)
    other = pick(population, "another prisoner", lambda q: q.booking_id is not None and q.index != p.index)
    others_image = images_of(other, population.today)[0].image_id(other)

    unknown_image = await not_found_body(server, simulator, "full-access-client", f"/images/{p.prisoner_number}/9")
    not_theirs = await not_found_body(
        server, simulator, "full-access-client", f"/images/{p.prisoner_number}/{others_image}"
    )
    unknown_person = await not_found_body(server, simulator, "full-access-client", f"/images/{UNKNOWN_NOMS}/9")

    assert unknown_image == not_theirs == unknown_person
    assert unknown_image["errors"][0]["extensions"] == {"code": "NOT_FOUND"}
    assert simulator.controls.endpoint_calls[DATA_ENDPOINT] == 0  # nothing fetched for an image not theirs


async def test_a_person_the_consumer_may_not_see_is_not_found(server, population, simulator, audit):
    # private-prison-operator: MDI and LEI only. A prisoner in Birmingham, with an image that exists.
    p = pick(population, "prisoner in BMI", lambda q: q.prison_id == "BMI" and images_of(q, population.today))
    path = f"/images/{p.prisoner_number}/{images_of(p, population.today)[0].image_id(p)}"

    hidden = await not_found_body(server, simulator, "private-prison-operator", path)
    unknown = await not_found_body(server, simulator, "private-prison-operator", f"/images/{UNKNOWN_NOMS}/9")
    served = await server.get(path, headers=bearer(simulator, "full-access-client"))

    assert hidden == unknown
    assert served.status_code == 200
    await drain_audit_writes()
    assert {"Person.images": "filtered"} in [r.fields for r in audit.records]


async def test_a_consumer_whose_role_lacks_images_is_forbidden(server, population, simulator):
    p = with_three_images(population)
    path = f"/images/{p.prisoner_number}/{images_of(p, population.today)[0].image_id(p)}"

    response = await server.get(path, headers=bearer(simulator, "reference-only"))

    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"] == {"code": "FORBIDDEN"}
    assert simulator.controls.endpoint_calls[LIST_ENDPOINT] == 0


@pytest.mark.parametrize(
    ("path", "argument"),
    [
        ("/images/not-a-number/1", "prisonerNumber"),
        ("/images/A1234BC/0123", "imageId"),
        ("/images/A1234BC/-1", "imageId"),
        ("/images/A1234BC/%D9%A1", "imageId"),  # an Arabic-Indic digit one
        ("/images/A1234BC/1234567890123456789", "imageId"),
    ],
)
async def test_a_malformed_id_is_bad_input_without_an_upstream_call(server, simulator, path, argument):
    response = await server.get(path, headers=bearer(simulator, "full-access-client"))

    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument}
    assert sum(simulator.controls.endpoint_calls.values()) == 0


async def test_without_valid_credentials_it_is_unauthenticated(server):
    response = await server.get("/images/A1234BC/1000000", headers={"Authorization": "Bearer not-a-token"})

    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}


async def test_an_upstream_failure_is_a_json_502_naming_it(server, population, simulator, audit):
    p = with_three_images(population)
    path = f"/images/{p.prisoner_number}/{images_of(p, population.today)[0].image_id(p)}"
    simulator.controls.faults.append(FaultRule(target=DATA_ENDPOINT, type="status", status=503))

    response = await server.get(path, headers=bearer(simulator, "full-access-client"))

    assert response.status_code == 502
    assert response.json()["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "upstream": "prison-api"}
    await drain_audit_writes()
    assert [r.fields for r in audit.records] == [{"Person.images": "failed"}]


async def test_the_access_log_names_the_route_not_the_person(server, population, simulator, caplog):
    p = with_three_images(population)
    path = f"/images/{p.prisoner_number}/{images_of(p, population.today)[0].image_id(p)}"

    with caplog.at_level("INFO", logger="person_graph.access"):
        served = await server.get(path, headers=bearer(simulator, "full-access-client"))
        refused = await server.get(f"/images/{p.prisoner_number}/9", headers=bearer(simulator, "full-access-client"))

    assert (served.status_code, refused.status_code) == (200, 404)
    lines = [r.getMessage() for r in caplog.records if r.name in ("person_graph.access", "person_graph.http")]
    assert sum("GET /images/{prisonerNumber}/{imageId}" in line for line in lines) >= 2
    assert not any(p.prisoner_number in line for line in lines), lines
