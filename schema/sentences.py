from __future__ import annotations

from datetime import date

import strawberry


@strawberry.type
class SentenceTerm:
    years: int | None
    months: int | None
    weeks: int | None
    days: int | None
    hours: int | None
    prisonTermCode: str | None


@strawberry.type
class SentenceLength:
    duration: int | None
    units: str | None
    terms: list[SentenceTerm]


@strawberry.type(description="A sentence from NOMIS (prison) or nDelius (probation).")
class Sentence:
    serviceSource: str
    systemSource: str
    dateOfSentencing: date | None
    description: str | None
    isActive: bool | None
    isCustodial: bool | None
    fineAmount: float | None
    length: SentenceLength
