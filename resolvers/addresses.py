"""Person.addresses -> loaders.nomis_addresses_by_prisoner_number (Prison API) + loaders.addresses_by_crn
(Delius), side by side -> upstream/prison_api.py, upstream/delius.py -> simulator/prison_api.py, simulator/delius.py.

Mapped and merged as the Integration API does (GetAddressesForPersonService, PrisonApiAddress.toAddress,
probationoffendersearch Address.toAddress): NOMIS's addresses newest first, then nDelius's in its order.
"""

from __future__ import annotations

import asyncio
from datetime import date

import strawberry
from strawberry.types import Info

from resolvers.context import Context
from resolvers.identity import HasPersonRef, PersonPart, crn_of
from schema.addresses import Address, AddressType
from schema.permissions import LimitedAccessPolicy, PrisonFiltered
from upstream.delius import DeliusAddress
from upstream.prison_api import NomisAddress

# NOMIS address types the Integration API spells out; any other type is described by its code.
NOMIS_ADDRESS_TYPES = {"BUS": "Business Address", "HOME": "Home Address", "WORK": "Work Address"}


def address_type(code: str | None, description: str | None) -> AddressType | None:
    """A type with its code; the code stands in for a missing description. None without a code."""
    if code is None:
        return None
    return AddressType(code=code, desc=description or code)


def from_delius(a: DeliusAddress) -> Address:
    kind = address_type(a.type.code, a.type.description) if a.type else None
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
        types=[kind] if kind else [],
    )


def from_nomis(a: NomisAddress) -> Address:
    usages = [address_type(u.addressUsage, u.addressUsageDescription) for u in a.addressUsages]
    kind = address_type(a.addressType, NOMIS_ADDRESS_TYPES.get(a.addressType or ""))
    return Address(
        country=a.country,
        county=a.county,
        endDate=a.endDate,
        locality=a.locality,
        name=a.premise,
        noFixedAddress=a.noFixedAddress,
        number=a.flat,  # the Integration API's number for a NOMIS address is its flat
        postcode=a.postalCode,
        startDate=a.startDate,
        street=a.street,
        town=a.town,
        notes=a.comment,
        types=[t for t in [*usages, kind] if t is not None],  # usages first, then the address's own type
    )


def newest_first(addresses: list[Address]) -> list[Address]:
    """By startDate, newest first; those without one last."""
    return sorted(addresses, key=lambda a: a.startDate or date.min, reverse=True)


async def _nomis_addresses(root: HasPersonRef, info: Info[Context, None]) -> list[Address]:
    if root.ref.nomis_number is None:  # probation-only people: NOMIS holds no address for them
        return []
    found = await info.context.loaders.nomis_addresses_by_prisoner_number.load(root.ref.nomis_number)
    return newest_first([from_nomis(a) for a in found or []])


async def _delius_addresses(root: HasPersonRef, info: Info[Context, None]) -> list[Address]:
    crn = await crn_of(root.ref, info)
    if crn is None:  # prison-only people: probation holds no address for them
        return []
    found = await info.context.loaders.addresses_by_crn.load(crn)
    return [from_delius(a) for a in found or []]


async def person_addresses(root: HasPersonRef, info: Info[Context, None]) -> list[Address]:
    nomis, delius = await asyncio.gather(_nomis_addresses(root, info), _delius_addresses(root, info))
    return nomis + delius


@strawberry.type
class AddressFields(PersonPart):
    @strawberry.field(
        description="Addresses NOMIS holds for the person (newest first), then those probation (nDelius) holds, "
        "as the Integration API lists them.",
        extensions=[PrisonFiltered(), LimitedAccessPolicy()],
    )
    async def addresses(self, info: Info[Context, None]) -> list[Address] | None:
        return await person_addresses(self, info)
