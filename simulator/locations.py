"""Locations Inside Prison API: the prison, wing, landing and cell records."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.controls import Simulated, error_body, json_response, without_nulls
from simulator.population import Location, Population

SERVICE = "locations"
LAST_MODIFIED = "2025-03-01T10:00:00"


def location_json(loc: Location) -> dict:
    return without_nulls(
        {
            "id": loc.id,
            "prisonId": loc.prison_id,
            "code": loc.code,
            "pathHierarchy": loc.path_hierarchy,
            "locationType": loc.location_type,
            "localName": loc.local_name,
            "comments": None,
            "permanentlyInactive": False,
            "permanentlyInactiveReason": None,
            "capacity": {"maxCapacity": loc.max_capacity, "workingCapacity": loc.working_capacity},
            "certification": {"certified": loc.certified, "capacityOfCertifiedCell": loc.capacity_of_certified_cell},
            "usage": [],
            "accommodationTypes": loc.accommodation_types,
            "specialistCellTypes": loc.specialist_cell_types,
            "usedFor": loc.used_for,
            "status": "ACTIVE" if loc.active else "INACTIVE",
            "locked": False,
            "active": loc.active,
            "inCellSanitation": loc.in_cell_sanitation,
            "deactivatedByParent": False,
            "deactivatedReason": None if loc.active else "MAINTENANCE",
            "topLevelId": loc.top_level_id,
            "level": loc.level,
            "leafLevel": loc.leaf,
            "parentId": loc.parent_id,
            "numberOfCellLocations": 1 if loc.leaf else loc.child_count,
            "isResidential": True,
            "key": loc.key,
            "lastModifiedBy": "LOCATIONS_ADMIN",
            "lastModifiedDate": LAST_MODIFIED,
        }
    )


def routes(pop: Population, sim: Simulated) -> list[Route]:
    async def by_keys(request: Request):
        keys = await request.json()
        if not isinstance(keys, list):
            return error_body(400, "A list of location keys is required")
        found = sorted(k for k in set(keys) if k in pop.locations)
        return json_response([location_json(pop.locations[k]) for k in found])

    async def by_key(request: Request):
        loc = pop.locations.get(request.path_params["key"])
        if loc is None:
            return error_body(404, f"Location not found [{request.path_params['key']}]")
        return json_response(location_json(loc))

    return [
        sim.endpoint(SERVICE, "POST", "/locations/keys", by_keys),
        sim.endpoint(SERVICE, "GET", "/locations/key/{key}", by_key),
    ]
