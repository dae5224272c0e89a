"""A prisoner's latest sentence key dates and adjustments (Prison API), shaped as the Integration
API's LatestSentenceKeyDatesAndAdjustments."""

from __future__ import annotations

import datetime

import strawberry


@strawberry.type(description="A key date NOMIS calculated, and the date a user set over it, if any.")
class SentenceKeyDate:
    date: datetime.date | None = strawberry.field(description="The date in effect.")
    overrideDate: datetime.date | None = strawberry.field(
        description="The date a user entered over the calculated one."
    )


@strawberry.type(description="A key date with the calculated value and any override.")
class SentenceKeyDateWithCalculatedDate:
    date: datetime.date | None = strawberry.field(description="The date in effect.")
    overrideDate: datetime.date | None = strawberry.field(
        description="The date a user entered over the calculated one."
    )
    calculatedDate: datetime.date | None = strawberry.field(description="The date NOMIS calculated.")


@strawberry.type(description="Home detention curfew (HDC) dates.")
class HomeDetentionCurfewDate:
    actualDate: datetime.date | None = strawberry.field(description="The day the prisoner was released on HDC.")
    eligibilityCalculatedDate: datetime.date | None = strawberry.field(
        description="HDC eligibility date as calculated."
    )
    eligibilityDate: datetime.date | None = strawberry.field(description="HDC eligibility date in effect.")
    eligibilityOverrideDate: datetime.date | None = strawberry.field(
        description="HDC eligibility date entered over it."
    )
    endDate: datetime.date | None = strawberry.field(description="The day the curfew ends.")


@strawberry.type(description="The effective release date of a non-DTO (detention and training order) sentence.")
class NonDtoDate:
    date: datetime.date | None = strawberry.field(description="The release date.")
    releaseDateType: str | None = strawberry.field(description="Which date it is: ARD, CRD, NPD or PRRD.")


@strawberry.type(description="The prisoner's release date.")
class ReleaseDate:
    date: datetime.date | None = strawberry.field(
        description="The confirmed date if there is one, else the actual parole or HDC date, else the later of "
        "the non-DTO and mid-term dates (NOMIS's release date algorithm)."
    )
    confirmedDate: datetime.date | None = strawberry.field(description="The confirmed release date.")


@strawberry.type(description="The sentence's own dates.")
class SentenceDate:
    effectiveEndDate: datetime.date | None = strawberry.field(description="When the sentence effectively ends.")
    expiryCalculatedDate: datetime.date | None = strawberry.field(description="Sentence expiry date as calculated.")
    expiryDate: datetime.date | None = strawberry.field(description="Sentence expiry date in effect (SED).")
    expiryOverrideDate: datetime.date | None = strawberry.field(description="Sentence expiry date entered over it.")
    startDate: datetime.date | None = strawberry.field(description="When the sentence started.")


@strawberry.type(description="Top-up supervision dates (after release, for short sentences).")
class TopupSupervision:
    expiryCalculatedDate: datetime.date | None = strawberry.field(description="Expiry as calculated.")
    expiryDate: datetime.date | None = strawberry.field(description="Expiry in effect.")
    expiryOverrideDate: datetime.date | None = strawberry.field(description="Expiry entered over the calculated one.")
    startDate: datetime.date | None = strawberry.field(description="When top-up supervision starts.")


@strawberry.type(description="Days added to or taken off the sentence, by kind.")
class SentenceAdjustment:
    additionalDaysAwarded: int | None = strawberry.field(description="Additional days awarded (ADA) at adjudications.")
    unlawfullyAtLarge: int | None = strawberry.field(description="Days unlawfully at large (UAL).")
    lawfullyAtLarge: int | None = strawberry.field(description="Days lawfully at large.")
    restoredAdditionalDaysAwarded: int | None = strawberry.field(description="Additional days restored (RADA).")
    specialRemission: int | None = strawberry.field(description="Days of special remission.")
    recallSentenceRemand: int | None = strawberry.field(description="Remand days on a recall sentence.")
    recallSentenceTaggedBail: int | None = strawberry.field(description="Tagged-bail days on a recall sentence.")
    remand: int | None = strawberry.field(description="Days on remand.")
    taggedBail: int | None = strawberry.field(description="Days on tagged bail.")
    unusedRemand: int | None = strawberry.field(description="Remand days not used against this sentence.")


@strawberry.type(
    description="Key dates and adjustments of the person's latest sentence, from NOMIS (Prison API): release, "
    "licence, parole and HDC dates, and days added or taken off."
)
class LatestSentenceKeyDatesAndAdjustments:
    adjustments: SentenceAdjustment | None = strawberry.field(description="Days added to or taken off.")
    automaticRelease: SentenceKeyDate | None = strawberry.field(description="Automatic release date (ARD).")
    conditionalRelease: SentenceKeyDate | None = strawberry.field(description="Conditional release date (CRD).")
    dtoPostRecallRelease: SentenceKeyDate | None = strawberry.field(
        description="Post-recall release date of a detention and training order."
    )
    earlyTerm: SentenceKeyDateWithCalculatedDate | None = strawberry.field(description="Early term date (ETD).")
    homeDetentionCurfew: HomeDetentionCurfewDate | None = strawberry.field(description="HDC dates.")
    lateTerm: SentenceKeyDateWithCalculatedDate | None = strawberry.field(description="Late term date (LTD).")
    licenceExpiry: SentenceKeyDateWithCalculatedDate | None = strawberry.field(description="Licence expiry (LED).")
    midTerm: SentenceKeyDateWithCalculatedDate | None = strawberry.field(description="Mid term date (MTD).")
    nonDto: NonDtoDate | None = strawberry.field(description="Effective non-DTO release date.")
    nonParole: SentenceKeyDate | None = strawberry.field(description="Non-parole date (NPD).")
    paroleEligibility: SentenceKeyDateWithCalculatedDate | None = strawberry.field(
        description="Parole eligibility date (PED)."
    )
    postRecallRelease: SentenceKeyDate | None = strawberry.field(description="Post-recall release date (PRRD).")
    release: ReleaseDate | None = strawberry.field(description="The release date.")
    sentence: SentenceDate | None = strawberry.field(description="The sentence's start, end and expiry.")
    topupSupervision: TopupSupervision | None = strawberry.field(description="Top-up supervision dates.")
    actualParoleDate: datetime.date | None = strawberry.field(description="The actual parole date.")
    earlyRemovalSchemeEligibilityDate: datetime.date | None = strawberry.field(
        description="When a foreign national becomes eligible for the Early Removal Scheme."
    )
    releaseOnTemporaryLicenceDate: datetime.date | None = strawberry.field(
        description="Release on temporary licence date."
    )
    tariffDate: datetime.date | None = strawberry.field(
        description="When the minimum term is reached (life sentences)."
    )
    tariffEarlyRemovalSchemeEligibilityDate: datetime.date | None = strawberry.field(
        description="Early Removal Scheme eligibility by tariff."
    )
