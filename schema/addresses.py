from __future__ import annotations

from datetime import date

import strawberry


@strawberry.type(description="The kind of an address in nDelius, e.g. MAIN (main address) or PREV (previous address).")
class AddressType:
    code: str | None = strawberry.field(description="nDelius address type code, e.g. MAIN.")
    desc: str | None = strawberry.field(description="What the code means, e.g. Main address.")


@strawberry.type(description="An address probation holds for the person (the Integration API's Address).")
class Address:
    country: str | None = strawberry.field(
        description="Country, when nDelius records one (usually England and Wales addresses have none)."
    )
    county: str | None = strawberry.field(description="County, e.g. South Yorkshire.")
    endDate: date | None = strawberry.field(description="Last day the person lived there; null for a current address.")
    locality: str | None = strawberry.field(description="Locality or district within the town.")
    name: str | None = strawberry.field(description="Building name, when the address has one.")
    noFixedAddress: bool | None = strawberry.field(
        description="True when the person has no fixed abode (the other address fields are then usually empty)."
    )
    number: str | None = strawberry.field(description="House or flat number, e.g. 12.")
    postcode: str | None = strawberry.field(description="UK postcode, e.g. S1 2AB.")
    startDate: date | None = strawberry.field(description="First day the person lived there.")
    street: str | None = strawberry.field(description="Street name, e.g. Church Street.")
    town: str | None = strawberry.field(description="Town or city, e.g. Sheffield.")
    types: list[AddressType] = strawberry.field(
        description="The address's types in nDelius (main, previous, approved premises ...)."
    )
    notes: str | None = strawberry.field(description="Free text probation recorded with the address.")
