"""An image's url over real HTTP: the graph's own server streaming the JPEG from the standalone simulator's
Prison API (real sockets, the aiohttp transport), checked per consumer with real tokens."""

from __future__ import annotations

import httpx
import pytest

from simulator.population import Person, Population
from simulator.prison_api import image_jpeg, images_of
from tests.e2e.conftest import ask
from tests.e2e.servers import Deployment

DATA_ENDPOINT = "prison-api GET /api/images/{imageId}/data"
QUERY = "query($id: ID!) { person(hmppsId: $id) { images { items { id url } } } }"


def prisoner_with_images(world: Population, prison: str) -> Person:
    return next(
        p
        for p in world.people
        if p.prison_id == prison and not (p.restricted or p.excluded) and len(images_of(p, world.today)) == 3
    )


def image_path(world: Population, p: Person) -> str:
    return f"/images/{p.prisoner_number}/{images_of(p, world.today)[0].image_id(p)}"


def client_for(deployment: Deployment, consumer: str | None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {deployment.token(consumer)}"} if consumer else {}
    return httpx.Client(base_url=deployment.graph_url, timeout=30, headers=headers)


def not_found(client: httpx.Client, path: str) -> dict:
    response = client.get(path)
    assert response.status_code == 404, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


def test_each_url_serves_the_jpeg_with_its_type_and_length(clean, full_access, world):
    p = prisoner_with_images(world, "MDI")
    items = ask(full_access, QUERY, id=p.prisoner_number)["data"]["person"]["images"]["items"]
    assert len(items) == 3

    for item in items:
        response = full_access.get(item["url"])

        image = next(i for i in images_of(p, world.today) if i.image_id(p) == item["id"])
        assert response.status_code == 200, response.text
        assert response.content == image_jpeg(p, image)
        assert response.headers["content-type"] == "image/jpeg"
        assert response.headers["content-length"] == str(len(response.content))


def test_the_bytes_are_passed_on_as_they_arrive(clean, deployment, world):
    # The simulator dribbles the JPEG out in 64-byte pieces with pauses between: a graph that held the
    # whole image before answering would hand it over in one piece.
    p = prisoner_with_images(world, "MDI")
    expected = image_jpeg(p, images_of(p, world.today)[0])
    clean.admin("POST", "/faults", {"target": DATA_ENDPOINT, "type": "slow_body", "seconds": 1.0})

    with client_for(deployment, "full-access-client") as client, client.stream("GET", image_path(world, p)) as response:
        pieces = list(response.iter_raw())

    assert response.status_code == 200
    assert len(pieces[0]) < len(expected)
    assert b"".join(pieces) == expected


def test_not_found_is_one_json_answer_for_every_reason(clean, full_access, world):
    p = prisoner_with_images(world, "MDI")
    other = prisoner_with_images(world, "LEI")

    unknown_image = not_found(full_access, f"/images/{p.prisoner_number}/1")
    not_theirs = not_found(
        full_access, f"/images/{p.prisoner_number}/{images_of(other, world.today)[0].image_id(other)}"
    )
    unknown_person = not_found(full_access, "/images/Z9999ZZ/1")

    assert unknown_image == not_theirs == unknown_person
    assert unknown_image["errors"][0]["extensions"] == {"code": "NOT_FOUND"}


def test_a_prison_filtered_consumer_gets_only_its_prisons_images(clean, deployment, world):
    mine, elsewhere = prisoner_with_images(world, "MDI"), prisoner_with_images(world, "BMI")

    with client_for(deployment, "private-prison-operator") as operator:  # MDI and LEI
        served = operator.get(image_path(world, mine))
        hidden = not_found(operator, image_path(world, elsewhere))
        unknown = not_found(operator, "/images/Z9999ZZ/1")
    with client_for(deployment, "no-prisons-client") as nobody:
        nothing = not_found(nobody, image_path(world, mine))

    assert served.status_code == 200
    assert served.content == image_jpeg(mine, images_of(mine, world.today)[0])
    assert hidden == unknown == nothing


@pytest.mark.parametrize(
    ("consumer", "status", "code"), [("reference-only", 403, "FORBIDDEN"), (None, 401, "UNAUTHENTICATED")]
)
def test_without_the_role_or_a_token_nothing_is_read(clean, deployment, world, consumer, status, code):
    with client_for(deployment, consumer) as client:
        response = client.get(image_path(world, prisoner_with_images(world, "MDI")))

    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == code
    counters = clean.admin("GET", "/counters").json()["endpoints"]
    assert not any(key.startswith("prison-api GET /api/images") for key in counters)


def test_a_limited_access_persons_images_are_served(clean, full_access, world):
    p = next(q for q in world.people if q.prisoner_number == "A4567DE")  # restricted, in prison

    items = ask(full_access, QUERY, id="A4567DE")["data"]["person"]["images"]["items"]
    response = full_access.get(items[0]["url"])

    assert response.status_code == 200
    assert response.content in {image_jpeg(p, i) for i in images_of(p, world.today)}
