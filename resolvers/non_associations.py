"""Person.nonAssociations -> loaders.non_associations_by_prisoner_number_open_closed ->
upstream/non_associations.py -> simulator/non_associations.py. The other prisoner of each entry is
a Person, found as Query.person finds one (find_person), so the same access rule applies to them."""

from __future__ import annotations

import asyncio

from strawberry.types import Info

from resolvers.context import Context
from resolvers.errors import BadUserInput, NotFound
from resolvers.identity import HasPersonRef, PersonRecord
from resolvers.person import find_person
from upstream.non_associations import PrisonerNonAssociation


async def other_prisoner(info: Info[Context, None], prisoner_number: str) -> PersonRecord:
    """The other prisoner, or NOT_FOUND exactly as Query.person would answer for them."""
    return await find_person(info, prisoner_number)


async def _may_see(info: Info[Context, None], prisoner_number: str) -> bool:
    try:
        await other_prisoner(info, prisoner_number)
    except NotFound:
        return False
    return True


async def visible_non_associations(
    root: HasPersonRef, info: Info[Context, None], include_open: bool, include_closed: bool
) -> list[PrisonerNonAssociation]:
    """The person's non-associations, newest first, without those naming someone the consumer may not
    see: an entry names the other prisoner (name, prison, cell), so it goes with them (the prisons
    filter's rule: a person outside it is indistinguishable from one who does not exist)."""
    if not (include_open or include_closed):
        raise BadUserInput("includeOpen or includeClosed must be true", argument="includeOpen")
    if root.ref.nomis_number is None:  # probation-only: not in prison, so no non-associations
        return []
    found = await info.context.loaders.non_associations_by_prisoner_number_open_closed.load(
        (root.ref.nomis_number, include_open, include_closed)
    )
    rows = sorted(found.nonAssociations if found else [], key=lambda n: n.whenCreated, reverse=True)
    filters = info.context.consumer.filters
    if filters.prisons is None and filters.supervisionStatuses is None:
        return rows
    seen = await asyncio.gather(*(_may_see(info, n.otherPrisonerDetails.prisonerNumber) for n in rows))
    return [n for n, visible in zip(rows, seen, strict=True) if visible]
