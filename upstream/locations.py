"""Locations Inside Prison API."""

from __future__ import annotations

from upstream.base import UpstreamClient, UpstreamModel


class Capacity(UpstreamModel):
    maxCapacity: int
    workingCapacity: int


class Certification(UpstreamModel):
    certified: bool
    capacityOfCertifiedCell: int


class Location(UpstreamModel):
    id: str
    key: str
    prisonId: str
    code: str
    pathHierarchy: str
    locationType: str
    localName: str | None = None
    level: int
    leafLevel: bool
    parentId: str | None = None
    active: bool
    status: str
    capacity: Capacity | None = None
    certification: Certification | None = None
    accommodationTypes: list[str] = []
    specialistCellTypes: list[str] = []
    usedFor: list[str] = []
    inCellSanitation: bool | None = None


def ancestor_keys(key: str) -> list[str]:
    """`MDI-A-1-001` -> [`MDI-A-1-001`, `MDI-A-1`, `MDI-A`]: a key is prisonId-pathHierarchy."""
    prison, _, path = key.partition("-")
    parts = path.split("-")
    return [f"{prison}-{'-'.join(parts[:n])}" for n in range(len(parts), 0, -1)]


class LocationsClient(UpstreamClient):
    async def locations_by_keys(self, keys: list[str]) -> list[Location]:
        return await self.post("/locations/keys", keys, list[Location], idempotent=True) or []
