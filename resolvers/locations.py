"""Person.cellLocation -> loaders.location_by_key -> upstream/locations.py -> simulator/locations.py

The cell's Locations Inside Prison record and its parents resolve on `CellLocation` and `Location`
themselves (schema/locations.py).
"""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from access.visibility import may_see_prison
from resolvers.context import Context
from resolvers.errors import NotFound
from resolvers.identity import PersonPart, prisoner_record
from schema.locations import CellLocation, Location, to_location
from schema.permissions import PrisonFiltered


async def location(info: Info[Context, None], key: str) -> Location:
    """A location by key (`Query.node`): a prison's locations are seen by whoever may see the prison."""
    prison_id = key.partition("-")[0]
    found = None
    if may_see_prison(info.context.consumer.filters, prison_id):
        found = await info.context.loaders.location_by_key.load(key)
    if found is None:
        raise NotFound(f"Could not find location {key}")
    return to_location(found)


@strawberry.type
class CellLocationFields(PersonPart):
    @strawberry.field(
        description="Where the person is held now; null when not in prison.", extensions=[PrisonFiltered()]
    )
    async def cellLocation(self, info: Info[Context, None]) -> CellLocation | None:
        prisoner = await prisoner_record(self.ref, info)
        if prisoner is None or prisoner.prisonId in (None, "OUT"):
            return None
        return CellLocation(prisonCode=prisoner.prisonId, prisonName=prisoner.prisonName, cell=prisoner.cellLocation)
