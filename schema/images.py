"""A person's images: NOMIS photographs and pictures of identifying marks (the Integration API's ImageMetadata)."""

from __future__ import annotations

from datetime import datetime

import strawberry


@strawberry.type(
    description="One image NOMIS holds of a prisoner (a photograph of their face, a tattoo, a scar ...): what it "
    "shows and when it was taken, and `url`, where this graph serves the JPEG itself. The Integration API's "
    "ImageMetadata."
)
class ImageMetadata:
    id: int = strawberry.field(description="NOMIS id of the image, e.g. 2461788.")
    active: bool = strawberry.field(
        description="Whether NOMIS marks the image as in use; the newest image is not always the active one."
    )
    captureDateTime: datetime = strawberry.field(
        description="When the image was taken, local time without a zone, e.g. 2021-07-05T10:35:17."
    )
    view: str = strawberry.field(
        description="What the image is of: FACE (face), TAT (tattoo), SCAR, MARK, OIC (offence in custody) or OTH "
        "(other)."
    )
    orientation: str = strawberry.field(
        description="The part of the body or the angle photographed, e.g. FRONT (the face, from the front), ARM, "
        "NECK, TORSO."
    )
    type: str = strawberry.field(
        description="Why the image was taken: OFF_BKG (at booking), OFF_IDM (an identifying mark), OIC (offence in "
        "custody) or PPTY (property)."
    )
    url: str = strawberry.field(
        description="Where this graph serves the image's JPEG, a path on the graph's own host, e.g. "
        "/images/A1234BC/2461788. GET it with the same bearer token as /graphql: it answers 404 unless the consumer "
        "may read this person's images now."
    )
