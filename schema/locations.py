from __future__ import annotations

from enum import Enum

import strawberry
from strawberry.types import Info

from resolvers import locations as resolve


@strawberry.enum(description="DPS location types (the NOMIS-to-DPS translation of Locations Inside Prison).")
class LocationType(Enum):
    ADJUDICATION_ROOM = "ADJUDICATION_ROOM"
    ADMINISTRATION_AREA = "ADMINISTRATION_AREA"
    APPOINTMENTS = "APPOINTMENTS"
    AREA = "AREA"
    ASSOCIATION = "ASSOCIATION"
    BOOTH = "BOOTH"
    BOX = "BOX"
    CELL = "CELL"
    CLASSROOM = "CLASSROOM"
    EXERCISE_AREA = "EXERCISE_AREA"
    EXTERNAL_GROUNDS = "EXTERNAL_GROUNDS"
    FAITH_AREA = "FAITH_AREA"
    GROUP = "GROUP"
    HOLDING_CELL = "HOLDING_CELL"
    HOLDING_AREA = "HOLDING_AREA"
    INTERNAL_GROUNDS = "INTERNAL_GROUNDS"
    INSIDE_PARTY = "INSIDE_PARTY"
    INTERVIEW = "INTERVIEW"
    LANDING = "LANDING"
    LOCATION = "LOCATION"
    MEDICAL = "MEDICAL"
    MOVEMENT_AREA = "MOVEMENT_AREA"
    OFFICE = "OFFICE"
    OUTSIDE_PARTY = "OUTSIDE_PARTY"
    POSITION = "POSITION"
    RESIDENTIAL_UNIT = "RESIDENTIAL_UNIT"
    ROOM = "ROOM"
    RETURN_TO_UNIT = "RETURN_TO_UNIT"
    SHELF = "SHELF"
    SPORTS = "SPORTS"
    SPUR = "SPUR"
    STORE = "STORE"
    TABLE = "TABLE"
    TRAINING_AREA = "TRAINING_AREA"
    TRAINING_ROOM = "TRAINING_ROOM"
    VIDEO_LINK = "VIDEO_LINK"
    VISIT = "VISIT"
    WING = "WING"
    WORKSHOP = "WORKSHOP"


@strawberry.type
class Capacity:
    maxCapacity: int
    workingCapacity: int


@strawberry.type
class Certification:
    certified: bool
    capacityOfCertifiedCell: int


@strawberry.type(description="A Locations Inside Prison record: a wing, landing, cell ...")
class Location:
    id: strawberry.ID
    key: str
    prisonId: str
    code: str
    pathHierarchy: str
    locationType: LocationType | None
    nomisLocationType: str | None = strawberry.field(
        description="The NOMIS code for locationType, e.g. LAND for LANDING"
    )
    localName: str | None
    level: int
    leafLevel: bool
    active: bool
    status: str
    capacity: Capacity | None
    certification: Certification | None
    accommodationTypes: list[str]
    specialistCellTypes: list[str]
    usedFor: list[str]
    inCellSanitation: bool | None

    @strawberry.field
    async def parent(self, info: Info) -> Location | None:
        return await resolve.parent_location(self, info)

    @strawberry.field(description="This location and its parents, up to the top level (top level last).")
    async def hierarchy(self, info: Info) -> list[Location]:
        return await resolve.location_hierarchy(self, info)


@strawberry.type(description="Where a person is held: the Integration API's CellLocation, plus the location record.")
class CellLocation:
    prisonCode: str | None
    prisonName: str | None
    cell: str | None

    @strawberry.field(
        description="The cell's Locations Inside Prison record; its parents come in the same upstream call."
    )
    async def location(self, info: Info) -> Location | None:
        return await resolve.cell_location_record(self, info)
