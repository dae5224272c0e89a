"""Non-Associations API (hmpps-non-associations-api): the prisoners a prisoner must be kept apart from."""

from __future__ import annotations

from datetime import datetime

from upstream.base import UpstreamClient, UpstreamModel, path_segment


class OtherPrisonerDetails(UpstreamModel):
    prisonerNumber: str
    role: str
    roleDescription: str
    firstName: str
    lastName: str
    prisonId: str | None = None
    prisonName: str | None = None
    cellLocation: str | None = None


class PrisonerNonAssociation(UpstreamModel):
    id: int
    role: str
    roleDescription: str
    reason: str
    reasonDescription: str
    restrictionType: str
    restrictionTypeDescription: str
    comment: str
    authorisedBy: str
    whenCreated: datetime
    whenUpdated: datetime
    updatedBy: str
    isClosed: bool
    closedBy: str | None = None
    closedReason: str | None = None
    closedAt: datetime | None = None
    otherPrisonerDetails: OtherPrisonerDetails
    isOpen: bool


class PrisonerNonAssociations(UpstreamModel):
    prisonerNumber: str
    openCount: int
    closedCount: int
    nonAssociations: list[PrisonerNonAssociation] = []


class NonAssociationsClient(UpstreamClient):
    async def prisoner_non_associations(
        self, prisoner_number: str, include_open: bool, include_closed: bool
    ) -> PrisonerNonAssociations | None:
        """As the Integration API asks: only non-associations within the prisoner's own prison (the
        service's default, includeOtherPrisons=false)."""
        return await self.get(
            f"/prisoner/{path_segment(prisoner_number)}/non-associations",
            PrisonerNonAssociations,
            params={"includeOpen": str(include_open).lower(), "includeClosed": str(include_closed).lower()},
        )
