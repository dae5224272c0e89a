"""Person.cellLocation -> loaders.location_by_key -> upstream/locations.py -> simulator/locations.py"""

from __future__ import annotations

from strawberry.types import Info

from resolvers.context import Context
from resolvers.identity import HasPersonRef, prisoner_record
from schema import locations as types
from upstream.locations import Location as UpstreamLocation

# DPS -> NOMIS location type codes (locations-inside-prison-schema.md).
NOMIS_LOCATION_TYPES = {
    "ADJUDICATION_ROOM": "ADJU",
    "ADMINISTRATION_AREA": "ADMI",
    "APPOINTMENTS": "APP",
    "AREA": "AREA",
    "ASSOCIATION": "ASSO",
    "BOOTH": "BOOT",
    "BOX": "BOX",
    "CELL": "CELL",
    "CLASSROOM": "CLAS",
    "EXERCISE_AREA": "EXER",
    "EXTERNAL_GROUNDS": "EXTE",
    "FAITH_AREA": "FAIT",
    "GROUP": "GROU",
    "HOLDING_CELL": "HCEL",
    "HOLDING_AREA": "HOLD",
    "INTERNAL_GROUNDS": "IGRO",
    "INSIDE_PARTY": "INSI",
    "INTERVIEW": "INTE",
    "LANDING": "LAND",
    "LOCATION": "LOCA",
    "MEDICAL": "MEDI",
    "MOVEMENT_AREA": "MOVE",
    "OFFICE": "OFFI",
    "OUTSIDE_PARTY": "OUTS",
    "POSITION": "POSI",
    "RESIDENTIAL_UNIT": "RESI",
    "ROOM": "ROOM",
    "RETURN_TO_UNIT": "RTU",
    "SHELF": "SHEL",
    "SPORTS": "SPOR",
    "SPUR": "SPUR",
    "STORE": "STOR",
    "TABLE": "TABL",
    "TRAINING_AREA": "TRAI",
    "TRAINING_ROOM": "TRRM",
    "VIDEO_LINK": "VIDE",
    "VISIT": "VISIT",
    "WING": "WING",
    "WORKSHOP": "WORK",
}


def ancestor_keys(key: str) -> list[str]:
    """`MDI-A-1-001` -> [`MDI-A-1-001`, `MDI-A-1`, `MDI-A`]: a key is prisonId-pathHierarchy."""
    prison, _, path = key.partition("-")
    parts = path.split("-")
    return [f"{prison}-{'-'.join(parts[:n])}" for n in range(len(parts), 0, -1)]


def to_location(loc: UpstreamLocation) -> types.Location:
    location_type = types.LocationType.__members__.get(loc.locationType)
    return types.Location(
        id=loc.id,
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
        capacity=types.Capacity(maxCapacity=loc.capacity.maxCapacity, workingCapacity=loc.capacity.workingCapacity)
        if loc.capacity
        else None,
        certification=types.Certification(
            certified=loc.certification.certified, capacityOfCertifiedCell=loc.certification.capacityOfCertifiedCell
        )
        if loc.certification
        else None,
        accommodationTypes=list(loc.accommodationTypes),
        specialistCellTypes=list(loc.specialistCellTypes),
        usedFor=list(loc.usedFor),
        inCellSanitation=loc.inCellSanitation,
    )


async def cell_location(root: HasPersonRef, info: Info[Context, None]) -> types.CellLocation | None:
    prisoner = await prisoner_record(root.ref, info)
    if prisoner is None or prisoner.prisonId in (None, "OUT"):
        return None
    return types.CellLocation(prisonCode=prisoner.prisonId, prisonName=prisoner.prisonName, cell=prisoner.cellLocation)


async def cell_location_record(root: types.CellLocation, info: Info[Context, None]) -> types.Location | None:
    if not root.prisonCode or not root.cell:
        return None
    # Load the cell and all its parents in one batch, so `parent` and `hierarchy` cost nothing more.
    keys = ancestor_keys(f"{root.prisonCode}-{root.cell}")
    found = await info.context.loaders.location_by_key.load_many(keys)
    return to_location(found[0]) if found[0] else None


async def parent_location(root: types.Location, info: Info[Context, None]) -> types.Location | None:
    keys = ancestor_keys(root.key)
    if len(keys) < 2:
        return None
    parent = await info.context.loaders.location_by_key.load(keys[1])
    return to_location(parent) if parent else None


async def location_hierarchy(root: types.Location, info: Info[Context, None]) -> list[types.Location]:
    found = await info.context.loaders.location_by_key.load_many(ancestor_keys(root.key))
    return [to_location(loc) for loc in found if loc is not None]
