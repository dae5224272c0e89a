"""Create and Vary a Licence (public API): a person's licences and their conditions."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from upstream.base import UpstreamClient, UpstreamModel, path_segment


class LicenceSummary(UpstreamModel):
    id: int
    licenceType: str | None = None
    statusCode: str | None = None
    prisonNumber: str | None = None
    crn: str | None = None
    approvedDateTime: datetime | None = None
    createdDateTime: datetime | None = None
    updatedDateTime: datetime | None = None


class StandardCondition(UpstreamModel):
    code: str | None = None
    text: str | None = None


class AdditionalCondition(UpstreamModel):
    id: int | None = None
    type: str | None = None
    code: str | None = None
    category: str | None = None
    text: str | None = None


class BespokeCondition(UpstreamModel):
    text: str | None = None


class ApConditions(UpstreamModel):
    standard: list[StandardCondition] = []
    additional: list[AdditionalCondition] = []
    bespoke: list[BespokeCondition] = []


class PssConditions(UpstreamModel):
    standard: list[StandardCondition] = []
    additional: list[AdditionalCondition] = []


class Conditions(UpstreamModel):
    ap: ApConditions | None = Field(default=None, alias="AP")
    pss: PssConditions | None = Field(default=None, alias="PSS")


class Licence(LicenceSummary):
    conditions: Conditions


class LicencesClient(UpstreamClient):
    async def licence_summaries(self, crn: str) -> list[LicenceSummary] | None:
        """Every licence of the person (each version and variation); [] for a CRN the service does not know."""
        return await self.get(f"/public/licence-summaries/crn/{path_segment(crn)}", list[LicenceSummary])

    async def licence(self, licence_id: int) -> Licence | None:
        """One licence with its conditions."""
        return await self.get(f"/public/licences/id/{path_segment(licence_id)}", Licence)
