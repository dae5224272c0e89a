"""Person.cellLocation -> loaders.location_by_key -> upstream/locations.py -> simulator/locations.py

The cell's Locations Inside Prison record and its parents resolve on `CellLocation` and `Location`
themselves (schema/locations.py).
"""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.context import Context
from resolvers.identity import PersonPart, prisoner_record
from schema.locations import CellLocation
from schema.permissions import PrisonFiltered


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
