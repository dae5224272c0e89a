from __future__ import annotations

from datetime import datetime

import strawberry


@strawberry.type(description="One condition of a licence (the Integration API's LicenceCondition).")
class LicenceCondition:
    type: str | None = strawberry.field(
        description="Kind of condition: Standard (one every licence of its kind carries), Bespoke (written for "
        "this person), or for an additional condition the service's type of it (STANDARD, ELECTRONIC_MONITORING, "
        "MULTIPLE_EXCLUSION_ZONE)."
    )
    code: str | None = strawberry.field(description="Code shared by every condition of this kind (a UUID).")
    category: str | None = strawberry.field(description="Its category, e.g. Residence at a specific place.")
    condition: str | None = strawberry.field(description="The condition's text, as on the licence.")


@strawberry.type(
    description="A licence the person is (or will be) released on, from Create and Vary a Licence (the "
    "Integration API's Licence)."
)
class Licence:
    status: str | None = strawberry.field(
        description="The licence's status, e.g. IN_PROGRESS, APPROVED, ACTIVE, VARIATION_APPROVED."
    )
    typeCode: str | None = strawberry.field(description="AP (all purpose), PSS (post sentence supervision) or AP_PSS.")
    createdDate: datetime | None = strawberry.field(description="When this version or variation was created.")
    approvedDate: datetime | None = strawberry.field(description="When the prison approved it; null until then.")
    updatedDate: datetime | None = strawberry.field(description="When it was last changed.")
    conditions: list[LicenceCondition] = strawberry.field(
        description="Its conditions in the Integration API's order: AP bespoke, AP standard, AP additional, "
        "PSS additional, PSS standard."
    )
