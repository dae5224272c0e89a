from __future__ import annotations

from datetime import date

import strawberry


@strawberry.type(
    description="A type or usage of an address: nDelius's address type (e.g. MAIN, PREV), or NOMIS's address "
    "type (HOME, BUS, WORK) or usage (e.g. RELEASE)."
)
class AddressType:
    code: str | None = strawberry.field(description="The type or usage code, e.g. MAIN or HOME.")
    desc: str | None = strawberry.field(
        description="What the code means, e.g. Home Address; the code itself when the source has no description. "
        "The same as `description`."
    )

    @strawberry.field(
        description="What the code means, e.g. Home Address; the code itself when the source has no description "
        "(the Integration API's name for it)."
    )
    def description(self) -> str | None:
        return self.desc


@strawberry.type(
    description="An address NOMIS or probation (nDelius) holds for the person (the Integration API's Address)."
)
class Address:
    country: str | None = strawberry.field(
        description="Country, e.g. England; from NOMIS only (nDelius addresses have none)."
    )
    county: str | None = strawberry.field(description="County, e.g. South Yorkshire.")
    endDate: date | None = strawberry.field(description="Last day the person lived there; null for a current address.")
    locality: str | None = strawberry.field(description="Locality or district within the town.")
    name: str | None = strawberry.field(
        description="Building name (nDelius), or NOMIS's premise: the house name or number."
    )
    noFixedAddress: bool | None = strawberry.field(
        description="True when the person has no fixed abode (the other address fields are then usually empty)."
    )
    number: str | None = strawberry.field(description="House number (nDelius), or the flat (NOMIS), e.g. 12.")
    postcode: str | None = strawberry.field(description="UK postcode, e.g. S1 2AB.")
    startDate: date | None = strawberry.field(description="First day the person lived there.")
    street: str | None = strawberry.field(description="Street name, e.g. Church Street.")
    town: str | None = strawberry.field(description="Town or city, e.g. Sheffield.")
    types: list[AddressType] = strawberry.field(
        description="The address's types: nDelius's (main, previous, approved premises ...), or NOMIS's usages "
        "then its address type."
    )
    notes: str | None = strawberry.field(description="Free text recorded with the address (NOMIS's comment).")
