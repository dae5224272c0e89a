from __future__ import annotations

from datetime import date

import strawberry


@strawberry.type
class AddressType:
    code: str | None
    desc: str | None


@strawberry.type(description="An address probation holds for the person (the Integration API's Address).")
class Address:
    country: str | None
    county: str | None
    endDate: date | None
    locality: str | None
    name: str | None
    noFixedAddress: bool | None
    number: str | None
    postcode: str | None
    startDate: date | None
    street: str | None
    town: str | None
    types: list[AddressType]
    notes: str | None
