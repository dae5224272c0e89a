from __future__ import annotations

from enum import Enum

import strawberry
from strawberry.types import Info

from resolvers import ids, location_translations
from resolvers.context import Context
from schema.node import Node
from upstream.locations import Location as UpstreamLocation
from upstream.locations import ancestor_keys


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


@strawberry.type(description="How many people a location may hold.")
class Capacity:
    maxCapacity: int = strawberry.field(description="The most people it may ever hold.")
    workingCapacity: int = strawberry.field(description="How many it holds in normal working.")


@strawberry.type(description="Whether a location is certified to hold people (an older Locations Inside Prison shape).")
class Certification:
    certified: bool = strawberry.field(description="True when certified for use as accommodation.")
    capacityOfCertifiedCell: int = strawberry.field(
        description="The certified normal accommodation: people the cell is certified for."
    )


@strawberry.type(description="A Locations Inside Prison record: a wing, landing, cell ...")
class Location(Node):
    locationId: str = strawberry.field(description="The Locations Inside Prison id (a UUID).")
    key: str = strawberry.field(description="Prison code and path, e.g. MDI-A-1-001: unique across prisons.")
    prisonId: str = strawberry.field(description="Code of the prison the location is in, e.g. MDI.")
    code: str = strawberry.field(description="This level's code within its parent, e.g. 001 for a cell.")
    pathHierarchy: str = strawberry.field(
        description="The path from the top level down to this location, e.g. A-1-001."
    )
    locationType: LocationType | None = strawberry.field(
        description="What kind of location it is (DPS type), e.g. CELL, LANDING, WING."
    )
    nomisLocationType: str | None = strawberry.field(
        description="The NOMIS code for locationType, e.g. LAND for LANDING"
    )
    localName: str | None = strawberry.field(description="A local name the prison uses for it, e.g. Houseblock 1.")
    level: int = strawberry.field(description="Depth in the hierarchy: 1 for a wing, 2 for a landing, 3 for a cell.")
    leafLevel: bool = strawberry.field(description="True when nothing sits below it (a cell).")
    active: bool = strawberry.field(description="True while the location is in use.")
    status: str = strawberry.field(description="Lifecycle status, e.g. ACTIVE, INACTIVE or ARCHIVED.")
    capacity: Capacity | None = strawberry.field(
        description="How many people it may hold; null for non-residential locations."
    )
    certification: Certification | None = strawberry.field(description="Whether it is certified as accommodation.")
    accommodationTypes: list[str] = strawberry.field(description="Accommodation types, e.g. NORMAL_ACCOMMODATION.")
    specialistCellTypes: list[str] = strawberry.field(description="Specialist cell types, e.g. ACCESSIBLE_CELL.")
    usedFor: list[str] = strawberry.field(description="What it is used for, e.g. STANDARD_ACCOMMODATION.")
    inCellSanitation: bool | None = strawberry.field(description="True when the cell has its own sanitation.")

    def node_key(self) -> str:
        return self.key

    # A location's parents are found by key (loaders.location_by_key): the cell's own load fetched
    # them in the same batch, so navigating up costs no upstream request.
    @strawberry.field(description="The location one level up (a cell's landing, a landing's wing); null at the top.")
    async def parent(self, info: Info[Context, None]) -> Location | None:
        keys = ancestor_keys(self.key)
        if len(keys) < 2:
            return None
        parent = await info.context.loaders.location_by_key.load(keys[1])
        return to_location(parent) if parent else None

    @strawberry.field(description="This location and its parents, up to the top level (top level last).")
    async def hierarchy(self, info: Info[Context, None]) -> list[Location]:
        found = await info.context.loaders.location_by_key.load_many(ancestor_keys(self.key))
        return [to_location(loc) for loc in found if loc is not None]


@strawberry.type(description="Where a person is held: the Integration API's CellLocation, plus the location record.")
class CellLocation:
    prisonCode: str | None = strawberry.field(description="Code of the prison the person is in, e.g. MDI.")
    prisonName: str | None = strawberry.field(description="Name of that prison, e.g. Moorland (HMP & YOI).")
    cell: str | None = strawberry.field(
        description="The cell's path within the prison, wing-landing-cell, e.g. A-1-001."
    )

    @strawberry.field(
        description="Identifies the cell for client caches: everyone in the same cell has the same cell location "
        "and id, so caches store it once and merge what different queries select."
    )
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.global_id("CellLocation", f"{self.prisonCode}-{self.cell or ''}"))

    @strawberry.field(
        description="The cell's Locations Inside Prison record; its parents come in the same upstream call."
    )
    async def location(self, info: Info[Context, None]) -> Location | None:
        if not self.prisonCode or not self.cell:
            return None
        # Load the cell and all its parents in one batch, so `parent` and `hierarchy` cost nothing more.
        found = await info.context.loaders.location_by_key.load_many(ancestor_keys(f"{self.prisonCode}-{self.cell}"))
        return to_location(found[0]) if found[0] else None


# DPS -> NOMIS location type codes: the source's NOMIS -> DPS table, inverted.
NOMIS_LOCATION_TYPES = {dps: nomis for nomis, dps in location_translations.LOCATION_TYPES.items()}


def to_location(loc: UpstreamLocation) -> Location:
    location_type = LocationType.__members__.get(loc.locationType)
    return Location(
        locationId=loc.id,
        key=loc.key,
        prisonId=loc.prisonId,
        code=loc.code,
        pathHierarchy=loc.pathHierarchy,
        locationType=location_type,
        nomisLocationType=NOMIS_LOCATION_TYPES.get(loc.locationType),
        localName=loc.localName,
        level=loc.level,
        leafLevel=loc.leafLevel,
        active=loc.active,
        status=loc.status,
        capacity=Capacity(maxCapacity=loc.capacity.maxCapacity, workingCapacity=loc.capacity.workingCapacity)
        if loc.capacity
        else None,
        certification=Certification(
            certified=loc.certification.certified, capacityOfCertifiedCell=loc.certification.capacityOfCertifiedCell
        )
        if loc.certification
        else None,
        accommodationTypes=list(loc.accommodationTypes),
        specialistCellTypes=list(loc.specialistCellTypes),
        usedFor=list(loc.usedFor),
        inCellSanitation=loc.inCellSanitation,
    )
