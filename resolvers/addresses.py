"""Person.addresses -> loaders.addresses_by_crn -> upstream/delius.py -> simulator/delius.py"""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.context import Context
from resolvers.identity import HasPersonRef, PersonPart, crn_of
from schema.addresses import Address, AddressType
from schema.permissions import LimitedAccessPolicy, PrisonFiltered
from upstream.delius import DeliusAddress


def to_address(a: DeliusAddress) -> Address:
    return Address(
        country=None,
        county=a.county,
        endDate=a.to,
        locality=a.district,
        name=a.buildingName,
        noFixedAddress=a.noFixedAbode,
        number=a.addressNumber,
        postcode=a.postcode,
        startDate=a.from_,
        street=a.streetName,
        town=a.town,
        notes=a.notes,
        types=[AddressType(code=a.type.code, desc=a.type.description)] if a.type else [],
    )


async def person_addresses(root: HasPersonRef, info: Info[Context, None]) -> list[Address]:
    crn = await crn_of(root.ref, info)
    if crn is None:  # prison-only people: probation holds no address for them
        return []
    found = await info.context.loaders.addresses_by_crn.load(crn)
    return [to_address(a) for a in found or []]


@strawberry.type
class AddressFields(PersonPart):
    @strawberry.field(
        description="Addresses probation holds for the person.", extensions=[PrisonFiltered(), LimitedAccessPolicy()]
    )
    async def addresses(self, info: Info[Context, None]) -> list[Address] | None:
        return await person_addresses(self, info)
