"""Prison API (NOMIS): sentences per booking, the offender record with categorisation, and addresses."""

from __future__ import annotations

import contextlib
from datetime import date, datetime

from upstream.base import StreamedAnswer, UpstreamModel, path_segment
from upstream.prison_accounts import PrisonAccountsClient


class SentenceTerm(UpstreamModel):
    years: int | None = None
    months: int | None = None
    weeks: int | None = None
    days: int | None = None
    code: str | None = None


class OffenderOffence(UpstreamModel):
    offenderChargeId: int | None = None
    offenceStartDate: date | None = None
    offenceEndDate: date | None = None
    offenceStatute: str | None = None
    offenceCode: str | None = None
    offenceDescription: str | None = None


class SentenceAndOffences(UpstreamModel):
    bookingId: int
    sentenceSequence: int | None = None
    sentenceStatus: str | None = None
    sentenceCalculationType: str | None = None
    sentenceTypeDescription: str | None = None
    sentenceDate: date | None = None
    terms: list[SentenceTerm] = []
    fineAmount: float | None = None
    courtDescription: str | None = None
    offences: list[OffenderOffence] = []


class OffenceHistoryDetail(UpstreamModel):
    """One offence a prisoner was convicted of, on any booking (Prison API's offence history)."""

    bookingId: int | None = None
    offenceCode: str
    offenceDescription: str
    statuteCode: str | None = None
    offenceDate: date | None = None
    offenceRangeDate: date | None = None
    courtDate: date | None = None


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


class AddressUsage(UpstreamModel):
    addressUsage: str | None = None
    addressUsageDescription: str | None = None
    activeFlag: bool | None = None


class NomisAddress(UpstreamModel):
    """An address NOMIS holds for a prisoner (Prison API's AddressDto)."""

    addressType: str | None = None
    flat: str | None = None
    premise: str | None = None
    street: str | None = None
    locality: str | None = None
    town: str | None = None
    postalCode: str | None = None
    county: str | None = None
    country: str | None = None
    comment: str | None = None
    primary: bool
    mail: bool
    noFixedAddress: bool
    startDate: date | None = None
    endDate: date | None = None
    addressUsages: list[AddressUsage] = []


class ReasonableAdjustment(UpstreamModel):
    treatmentCode: str | None = None
    commentText: str | None = None
    startDate: date | None = None
    endDate: date | None = None
    treatmentDescription: str | None = None


class ReasonableAdjustments(UpstreamModel):
    reasonableAdjustments: list[ReasonableAdjustment] = []


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


class VisitBalances(UpstreamModel):
    remainingVo: int
    remainingPvo: int
    latestIepAdjustDate: date | None = None
    latestPrivIepAdjustDate: date | None = None


class SentenceCalcDates(UpstreamModel):
    """NOMIS's sentence calculation dates of the latest booking (all optional)."""

    sentenceExpiryDate: date | None = None
    automaticReleaseDate: date | None = None
    conditionalReleaseDate: date | None = None
    nonParoleDate: date | None = None
    postRecallReleaseDate: date | None = None
    licenceExpiryDate: date | None = None
    homeDetentionCurfewEligibilityDate: date | None = None
    paroleEligibilityDate: date | None = None
    homeDetentionCurfewActualDate: date | None = None
    actualParoleDate: date | None = None
    releaseOnTemporaryLicenceDate: date | None = None
    earlyRemovalSchemeEligibilityDate: date | None = None
    earlyTermDate: date | None = None
    midTermDate: date | None = None
    lateTermDate: date | None = None
    topupSupervisionExpiryDate: date | None = None
    tariffDate: date | None = None
    dtoPostRecallReleaseDate: date | None = None
    tariffEarlyRemovalSchemeEligibilityDate: date | None = None
    effectiveSentenceEndDate: date | None = None
    sentenceStartDate: date | None = None
    automaticReleaseOverrideDate: date | None = None
    conditionalReleaseOverrideDate: date | None = None
    nonParoleOverrideDate: date | None = None
    postRecallReleaseOverrideDate: date | None = None
    dtoPostRecallReleaseDateOverride: date | None = None
    nonDtoReleaseDate: date | None = None
    sentenceExpiryCalculatedDate: date | None = None
    sentenceExpiryOverrideDate: date | None = None
    licenceExpiryCalculatedDate: date | None = None
    licenceExpiryOverrideDate: date | None = None
    paroleEligibilityCalculatedDate: date | None = None
    paroleEligibilityOverrideDate: date | None = None
    topupSupervisionExpiryCalculatedDate: date | None = None
    topupSupervisionExpiryOverrideDate: date | None = None
    homeDetentionCurfewEligibilityCalculatedDate: date | None = None
    homeDetentionCurfewEligibilityOverrideDate: date | None = None
    confirmedReleaseDate: date | None = None
    releaseDate: date | None = None
    etdOverrideDate: date | None = None
    etdCalculatedDate: date | None = None
    mtdOverrideDate: date | None = None
    mtdCalculatedDate: date | None = None
    ltdOverrideDate: date | None = None
    ltdCalculatedDate: date | None = None
    homeDetentionCurfewEndDate: date | None = None
    topupSupervisionStartDate: date | None = None
    nonDtoReleaseDateType: str | None = None


class OffenderSentenceDetail(UpstreamModel):
    offenderNo: str
    bookingId: int
    sentenceDetail: SentenceCalcDates | None = None


class SentenceAdjustmentDetail(UpstreamModel):
    additionalDaysAwarded: int | None = None
    unlawfullyAtLarge: int | None = None
    lawfullyAtLarge: int | None = None
    restoredAdditionalDaysAwarded: int | None = None
    specialRemission: int | None = None
    recallSentenceRemand: int | None = None
    recallSentenceTaggedBail: int | None = None
    remand: int | None = None
    taggedBail: int | None = None
    unusedRemand: int | None = None


class PrisonTerm(UpstreamModel):
    bookingId: int
    sentenceAdjustments: SentenceAdjustmentDetail | None = None


class SentenceSummary(UpstreamModel):
    prisonerNumber: str
    latestPrisonTerm: PrisonTerm | None = None


class ImageDetail(UpstreamModel):
    """One NOMIS image's metadata (the bytes are a separate read: `image_data`)."""

    imageId: int
    active: bool
    captureDateTime: datetime
    imageView: str
    imageOrientation: str
    imageType: str


IMAGE_MEDIA_TYPES = ("image/jpeg",)  # NOMIS keeps its images as JPEG


class PrisonApiClient(PrisonAccountsClient):  # finance reads and writes: upstream/prison_accounts.py
    async def reference_codes(self, domain: str) -> list[ReferenceCode] | None:
        return await self.get(f"/api/reference-domains/domains/{path_segment(domain)}/codes", list[ReferenceCode])

    async def sentences_and_offences(self, booking_id: int) -> list[SentenceAndOffences] | None:
        return await self.get(
            f"/api/offender-sentences/booking/{path_segment(booking_id)}/sentences-and-offences",
            list[SentenceAndOffences],
        )

    async def offence_history(self, offender_no: str) -> list[OffenceHistoryDetail] | None:
        """Every offence the prisoner was convicted of, on every booking, as the Integration API reads them
        (convictionsOnly defaults to true); None (404) for an offender number NOMIS does not know."""
        return await self.get(
            f"/api/bookings/offenderNo/{path_segment(offender_no)}/offenceHistory", list[OffenceHistoryDetail]
        )

    async def addresses(self, offender_no: str) -> list[NomisAddress] | None:
        """The prisoner's addresses in NOMIS; None (404) for an unknown offender number."""
        return await self.get(f"/api/offenders/{path_segment(offender_no)}/addresses", list[NomisAddress])

    async def reasonable_adjustments(
        self, booking_id: int, treatment_codes: tuple[str, ...]
    ) -> list[ReasonableAdjustment] | None:
        """The booking's reasonable adjustments of these treatment types (NOMIS domain HEALTH_TREAT)."""
        answer = await self.get(
            f"/api/bookings/{path_segment(booking_id)}/reasonable-adjustments",
            ReasonableAdjustments,
            params={"type": list(treatment_codes)},
        )
        return answer.reasonableAdjustments if answer else None

    async def offender(self, offender_no: str) -> InmateDetail | None:
        return await self.get(f"/api/offenders/{path_segment(offender_no)}", InmateDetail)

    async def offender_restrictions(self, offender_no: str) -> OffenderRestrictions | None:
        """Visit restrictions on the latest booking, active and expired (the graph filters by `active`)."""
        return await self.get(
            f"/api/offenders/{path_segment(offender_no)}/offender-restrictions",
            OffenderRestrictions,
            params={"activeRestrictionsOnly": "false"},
        )

    async def visit_balances(self, offender_no: str) -> VisitBalances | None:
        """Visit orders and privilege visit orders left on the latest booking; 404 (None) when NOMIS holds none."""
        return await self.get(f"/api/bookings/offenderNo/{path_segment(offender_no)}/visit/balances", VisitBalances)

    async def offender_sentence_detail(self, offender_no: str) -> OffenderSentenceDetail | None:
        """The latest booking's key dates (calculated, overridden and effective), as the Integration API reads them."""
        return await self.get(f"/api/offenders/{path_segment(offender_no)}/sentences", OffenderSentenceDetail)

    async def latest_sentence_summary(self, offender_no: str) -> SentenceSummary | None:
        """The latest prison term, read here for its sentence adjustments (remand, ADA, UAL ...)."""
        return await self.get(
            f"/api/offenders/{path_segment(offender_no)}/booking/latest/sentence-summary", SentenceSummary
        )

    async def images(self, offender_no: str) -> list[ImageDetail] | None:
        """Every image NOMIS holds for the offender (photographs, marks, tattoos), in NOMIS's order."""
        return await self.get(f"/api/images/offenders/{path_segment(offender_no)}", list[ImageDetail])

    def image_data(self, image_id: int) -> contextlib.AbstractAsyncContextManager[StreamedAnswer | None]:
        """One image's JPEG, streamed (`async with client.image_data(id) as answer`); None: no such image."""
        return self.stream(f"/api/images/{path_segment(image_id)}/data", IMAGE_MEDIA_TYPES)
