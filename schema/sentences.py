from __future__ import annotations

from datetime import date

import strawberry


@strawberry.type(description="One term of a NOMIS sentence.")
class SentenceTerm:
    years: int | None = strawberry.field(description="Years; null when the term has none (NOMIS's 0).")
    months: int | None = strawberry.field(description="Months; null when the term has none (NOMIS's 0).")
    weeks: int | None = strawberry.field(description="Weeks; null when the term has none (NOMIS's 0).")
    days: int | None = strawberry.field(description="Days; null when the term has none (NOMIS's 0).")
    hours: int | None = strawberry.field(description="Hours.")
    prisonTermCode: str | None = strawberry.field(description="Term code, e.g. IMP (imprisonment) or LIC (licence).")


@strawberry.type(description="A sentence's length, as a whole (probation) or as terms (prison).")
class SentenceLength:
    duration: int | None = strawberry.field(description="Length in units, from nDelius, e.g. 24.")
    units: str | None = strawberry.field(description="The unit of duration, e.g. Months.")
    terms: list[SentenceTerm] = strawberry.field(description="The terms of the sentence, from NOMIS.")


@strawberry.type(description="A sentence from NOMIS (prison) or nDelius (probation).")
class Sentence:
    serviceSource: str = strawberry.field(description="Which service it came from: PRISON_API (NOMIS) or NDELIUS.")
    systemSource: str = strawberry.field(description="Which system: PRISON_SYSTEMS or PROBATION_SYSTEMS.")
    dateOfSentencing: date | None = strawberry.field(description="When the sentence was passed, YYYY-MM-DD.")
    description: str | None = strawberry.field(description="The sentence type, e.g. ORA Sentence of Imprisonment.")
    isActive: bool | None = strawberry.field(
        description="True while the sentence is being served; null when NOMIS records neither A (active) nor I."
    )
    isCustodial: bool | None = strawberry.field(description="True for a custodial sentence.")
    fineAmount: float | None = strawberry.field(description="Fine in pounds, when the sentence is a fine.")
    length: SentenceLength = strawberry.field(description="How long the sentence is.")
