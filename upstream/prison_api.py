"""Prison API (NOMIS): sentences per booking and the offender record with categorisation."""

from __future__ import annotations

from datetime import date

from upstream.base import UpstreamModel, path_segment
from upstream.prison_accounts import PrisonAccountsClient


class SentenceTerm(UpstreamModel):
    years: int | None = None
    months: int | None = None
    weeks: int | None = None
    days: int | None = None
    code: str | None = None


class SentenceAndOffences(UpstreamModel):
    bookingId: int
    sentenceSequence: int | None = None
    sentenceStatus: str | None = None
    sentenceCalculationType: str | None = None
    sentenceTypeDescription: str | None = None
    sentenceDate: date | None = None
    terms: list[SentenceTerm] = []
    fineAmount: float | None = None


class Assessment(UpstreamModel):
    classificationCode: str | None = None
    classification: str | None = None
    assessmentCode: str | None = None
    assessmentDescription: str | None = None
    assessmentDate: date | None = None
    nextReviewDate: date | None = None
    assessmentAgencyId: str | None = None
    assessmentStatus: str | None = None
    assessmentComment: str | None = None


class InmateDetail(UpstreamModel):
    offenderNo: str
    bookingId: int | None = None
    category: str | None = None
    categoryCode: str | None = None
    assessments: list[Assessment] = []


class ReferenceCode(UpstreamModel):
    domain: str
    code: str
    description: str | None = None
    activeFlag: str | None = None


class OffenderRestriction(UpstreamModel):
    restrictionId: int
    restrictionType: str
    restrictionTypeDescription: str
    startDate: date
    expiryDate: date | None = None
    active: bool
    comment: str | None = None


class OffenderRestrictions(UpstreamModel):
    bookingId: int | None = None
    offenderRestrictions: list[OffenderRestriction] = []


class PrisonApiClient(PrisonAccountsClient):  # finance reads and writes: upstream/prison_accounts.py
    async def reference_codes(self, domain: str) -> list[ReferenceCode] | None:
        return await self.get(f"/api/reference-domains/domains/{path_segment(domain)}/codes", list[ReferenceCode])

    async def sentences_and_offences(self, booking_id: int) -> list[SentenceAndOffences] | None:
        return await self.get(
            f"/api/offender-sentences/booking/{path_segment(booking_id)}/sentences-and-offences",
            list[SentenceAndOffences],
        )

    async def offender(self, offender_no: str) -> InmateDetail | None:
        return await self.get(f"/api/offenders/{path_segment(offender_no)}", InmateDetail)

    async def offender_restrictions(self, offender_no: str) -> OffenderRestrictions | None:
        """Visit restrictions on the latest booking, active and expired (the graph filters by `active`)."""
        return await self.get(
            f"/api/offenders/{path_segment(offender_no)}/offender-restrictions",
            OffenderRestrictions,
            params={"activeRestrictionsOnly": "false"},
        )
