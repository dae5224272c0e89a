"""Person.latestSentenceKeyDatesAndAdjustments -> loaders.sentence_detail_by_prisoner_number (key dates) and
loaders.sentence_summary_by_prisoner_number (adjustments), in parallel -> upstream/prison_api.py ->
simulator/prison_api.py. Mapped as the Integration API maps Prison API's SentenceCalcDates."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date

import strawberry
from strawberry.types import Info

from resolvers.context import Context
from resolvers.identity import PersonPart
from schema import key_dates as types
from schema.permissions import PrisonFiltered
from upstream.prison_api import SentenceAdjustmentDetail, SentenceCalcDates


def to_adjustments(a: SentenceAdjustmentDetail) -> types.SentenceAdjustment:
    return types.SentenceAdjustment(
        additionalDaysAwarded=a.additionalDaysAwarded,
        unlawfullyAtLarge=a.unlawfullyAtLarge,
        lawfullyAtLarge=a.lawfullyAtLarge,
        restoredAdditionalDaysAwarded=a.restoredAdditionalDaysAwarded,
        specialRemission=a.specialRemission,
        recallSentenceRemand=a.recallSentenceRemand,
        recallSentenceTaggedBail=a.recallSentenceTaggedBail,
        remand=a.remand,
        taggedBail=a.taggedBail,
        unusedRemand=a.unusedRemand,
    )


def to_key_dates(
    d: SentenceCalcDates, adjustments: SentenceAdjustmentDetail | None
) -> types.LatestSentenceKeyDatesAndAdjustments:
    def key(value: date | None, override: date | None) -> types.SentenceKeyDate:
        return types.SentenceKeyDate(date=value, overrideDate=override)

    def calc(
        value: date | None, override: date | None, calculated: date | None
    ) -> types.SentenceKeyDateWithCalculatedDate:
        return types.SentenceKeyDateWithCalculatedDate(date=value, overrideDate=override, calculatedDate=calculated)

    return types.LatestSentenceKeyDatesAndAdjustments(
        adjustments=to_adjustments(adjustments) if adjustments else None,
        automaticRelease=key(d.automaticReleaseDate, d.automaticReleaseOverrideDate),
        conditionalRelease=key(d.conditionalReleaseDate, d.conditionalReleaseOverrideDate),
        dtoPostRecallRelease=key(d.dtoPostRecallReleaseDate, d.dtoPostRecallReleaseDateOverride),
        earlyTerm=calc(d.earlyTermDate, d.etdOverrideDate, d.etdCalculatedDate),
        homeDetentionCurfew=types.HomeDetentionCurfewDate(
            actualDate=d.homeDetentionCurfewActualDate,
            eligibilityCalculatedDate=d.homeDetentionCurfewEligibilityCalculatedDate,
            eligibilityDate=d.homeDetentionCurfewEligibilityDate,
            eligibilityOverrideDate=d.homeDetentionCurfewEligibilityOverrideDate,
            endDate=d.homeDetentionCurfewEndDate,
        ),
        lateTerm=calc(d.lateTermDate, d.ltdOverrideDate, d.ltdCalculatedDate),
        licenceExpiry=calc(d.licenceExpiryDate, d.licenceExpiryOverrideDate, d.licenceExpiryCalculatedDate),
        midTerm=calc(d.midTermDate, d.mtdOverrideDate, d.mtdCalculatedDate),
        nonDto=types.NonDtoDate(date=d.nonDtoReleaseDate, releaseDateType=d.nonDtoReleaseDateType),
        nonParole=key(d.nonParoleDate, d.nonParoleOverrideDate),
        paroleEligibility=calc(
            d.paroleEligibilityDate, d.paroleEligibilityOverrideDate, d.paroleEligibilityCalculatedDate
        ),
        postRecallRelease=key(d.postRecallReleaseDate, d.postRecallReleaseOverrideDate),
        release=types.ReleaseDate(date=d.releaseDate, confirmedDate=d.confirmedReleaseDate),
        sentence=types.SentenceDate(
            effectiveEndDate=d.effectiveSentenceEndDate,
            expiryCalculatedDate=d.sentenceExpiryCalculatedDate,
            expiryDate=d.sentenceExpiryDate,
            expiryOverrideDate=d.sentenceExpiryOverrideDate,
            startDate=d.sentenceStartDate,
        ),
        topupSupervision=types.TopupSupervision(
            expiryCalculatedDate=d.topupSupervisionExpiryCalculatedDate,
            expiryDate=d.topupSupervisionExpiryDate,
            expiryOverrideDate=d.topupSupervisionExpiryOverrideDate,
            startDate=d.topupSupervisionStartDate,
        ),
        actualParoleDate=d.actualParoleDate,
        earlyRemovalSchemeEligibilityDate=d.earlyRemovalSchemeEligibilityDate,
        releaseOnTemporaryLicenceDate=d.releaseOnTemporaryLicenceDate,
        tariffDate=d.tariffDate,
        tariffEarlyRemovalSchemeEligibilityDate=d.tariffEarlyRemovalSchemeEligibilityDate,
    )


def adjustments_only(adjustments: SentenceAdjustmentDetail) -> types.LatestSentenceKeyDatesAndAdjustments:
    """The adjustments, every key date null."""
    answer = to_key_dates(SentenceCalcDates(), adjustments)
    return dataclasses.replace(answer, **{f.name: None for f in dataclasses.fields(answer) if f.name != "adjustments"})


@strawberry.type
class KeyDateFields(PersonPart):
    @strawberry.field(
        description="Key dates (release, licence expiry, parole, HDC ...) and adjustments of the person's latest "
        "sentence in NOMIS; the adjustments alone when NOMIS holds no key dates; null without either.",
        extensions=[PrisonFiltered()],
    )
    async def latestSentenceKeyDatesAndAdjustments(
        self, info: Info[Context, None]
    ) -> types.LatestSentenceKeyDatesAndAdjustments | None:
        number = self.ref.nomis_number
        if number is None:  # probation-only: no NOMIS sentence
            return None
        loaders = info.context.loaders
        detail, summary = await asyncio.gather(
            loaders.sentence_detail_by_prisoner_number.load(number),
            loaders.sentence_summary_by_prisoner_number.load(number),
        )
        term = summary.latestPrisonTerm if summary else None
        adjustments = term.sentenceAdjustments if term else None
        if detail is None or detail.sentenceDetail is None:
            # As the Integration API: the adjustments alone when NOMIS holds no key dates; null without either.
            return adjustments_only(adjustments) if adjustments else None
        return to_key_dates(detail.sentenceDetail, adjustments)
