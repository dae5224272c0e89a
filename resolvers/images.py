"""Person.images -> loaders.images_by_prisoner_number -> upstream/prison_api.py images ->
simulator/prison_api.py; and `image_to_serve`, the access check of the route that serves an image's JPEG
(web/images.py), which streams it from upstream/prison_api.py image_data.

Mapped as the Integration API maps Prison API's ImageDetail (PrisonApiImageDetail.toImageMetadata), newest
capture first. Each image's `url` names the person by NOMIS number, so the route checks access with the
reads `Query.person` makes for a NOMIS number (the prisoner's record, and the probation record only when a
filter needs it) and the person's image list, which it must hold the image.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from access.visibility import may_see_person, needs_probation_record
from resolvers import ids
from resolvers.context import Context
from resolvers.errors import Forbidden, NotFound
from resolvers.identity import PersonPart
from resolvers.pagination import check_page, paginate
from schema import images as types
from schema.pagination import Page
from schema.permissions import PrisonFiltered
from upstream.prison_api import ImageDetail

COORDINATE = "Person.images"
# The route's path (web/images.py) and each image's url: the one place both are spelled.
IMAGE_ROUTE = "/images/{prisonerNumber}/{imageId}"
IMAGE_NOT_FOUND = "Could not find an image with this id for this person"


def image_url(prisoner_number: str, image_id: int) -> str:
    return IMAGE_ROUTE.format(prisonerNumber=prisoner_number, imageId=image_id)


def to_image(prisoner_number: str, i: ImageDetail) -> types.ImageMetadata:
    return types.ImageMetadata(
        id=i.imageId,
        active=i.active,
        captureDateTime=i.captureDateTime,
        view=i.imageView,
        orientation=i.imageOrientation,
        type=i.imageType,
        url=image_url(prisoner_number, i.imageId),
    )


@strawberry.type
class ImageFields(PersonPart):
    @strawberry.field(
        description="Images NOMIS holds of the person (photographs, tattoos, scars ...), newest capture first, each "
        "with the url where this graph serves its JPEG. Empty for someone NOMIS does not know.",
        extensions=[PrisonFiltered()],
    )
    async def images(
        self,
        info: Info[Context, None],
        page: Annotated[int, strawberry.argument(description="Page number, from 1.")] = 1,
        per_page: Annotated[int, strawberry.argument(description="Images per page, 1 to 100.")] = 10,
    ) -> Page[types.ImageMetadata] | None:
        check_page(page, per_page)
        number = self.ref.nomis_number
        if number is None:  # probation-only: NOMIS holds no images of them
            return paginate([], page, per_page)
        found = await info.context.loaders.images_by_prisoner_number.load(number)
        rows = sorted(found or [], key=lambda i: i.captureDateTime, reverse=True)
        return paginate([to_image(number, i) for i in rows], page, per_page)


async def image_to_serve(context: Context, prisoner_number: object, image_id: object) -> tuple[str, int]:
    """The NOMIS number and image id of an image the consumer may fetch, in canonical form.

    As `Query.person { images }` would answer: the role must include Person.images (FORBIDDEN, before
    anything is read), and the person filters must let the consumer see the person (NOT_FOUND, audited as
    filtered, the same message as an unknown person or an image that is not theirs). Limited access does
    not withhold images (docs/access-control.md). Malformed ids are BAD_USER_INPUT.
    """
    number = ids.nomis_number(prisoner_number)
    image = ids.image_id(image_id)

    def audit(outcome: str) -> None:
        context.audit.note(number, None, COORDINATE, outcome)
        context.audit.unnamed(number)  # named by CRN too once answered, as a GraphQL read is (schema/audit.py)

    if not context.consumer.may_read("Person", "images"):
        audit("forbidden")
        raise Forbidden(f"Not permitted to read {COORDINATE}")
    loaders = context.loaders
    prisoner = await loaders.prisoner_by_prisoner_number.load(number)
    if prisoner is None:
        raise NotFound(IMAGE_NOT_FOUND)
    filters = context.consumer.filters
    known = needs_probation_record(filters) and await loaders.probation_case_by_prisoner_number.load(number) is not None
    if not may_see_person(filters, prisoner.prisonId, known_to_probation=known):
        audit("filtered")
        raise NotFound(IMAGE_NOT_FOUND)
    found = await loaders.images_by_prisoner_number.load(number)
    if not any(i.imageId == image for i in found or []):
        raise NotFound(IMAGE_NOT_FOUND)
    audit("served")
    return number, image
