from __future__ import annotations

import datetime as dt

import strawberry


@strawberry.type(description="The person's name as nDelius holds it.")
class CaseDetailName:
    forename: str | None = strawberry.field(description="First name.")
    middleName: str | None = strawberry.field(description="Middle names.")
    surname: str | None = strawberry.field(description="Last name.")


@strawberry.type(description="A court, by name.")
class CourtDetails:
    name: str | None = strawberry.field(description="The court's name, e.g. Manchester Crown Court.")


@strawberry.type(description="The court appearance of the event.")
class CaseCourtAppearance:
    date: dt.date | None = strawberry.field(description="Day of the appearance.")
    court: CourtDetails | None = strawberry.field(description="Where it was.")


# The Integration API no longer fills these three (EPFCaseDetail.toCaseDetail) and will remove them; the
# graph still passes on what nDelius gives, until then.
EPF_SENTENCE_DEPRECATED = (
    "The Integration API no longer fills it and will remove it; use courtAppearance and expectedReleaseDate."
)


@strawberry.type(description="The sentence of the event and the release it leads to.")
class CaseSentence:
    date: dt.date | None = strawberry.field(
        description="Day of sentencing.", deprecation_reason=EPF_SENTENCE_DEPRECATED
    )
    sentencingCourt: CourtDetails | None = strawberry.field(
        description="The court that passed the sentence.", deprecation_reason=EPF_SENTENCE_DEPRECATED
    )
    releaseDate: dt.date | None = strawberry.field(
        description="Day the person was released from custody, if they were.",
        deprecation_reason=EPF_SENTENCE_DEPRECATED,
    )
    expectedReleaseDate: dt.date | None = strawberry.field(description="Day they are expected to be released.")


@strawberry.type(description="The probation provider (region) responsible for the case.")
class ResponsibleProvider:
    code: str | None = strawberry.field(description="nDelius provider code, e.g. N07.")
    name: str | None = strawberry.field(description="Provider name, e.g. London.")


@strawberry.type(
    description="Background on one event (conviction) of a probation case from nDelius, for the Effective "
    "Proposals Framework, so its users need not re-key what Delius holds (the Integration API's CaseDetail)."
)
class CaseDetail:
    nomsId: str | None = strawberry.field(description="NOMIS prisoner number, e.g. A1234BC; null when none.")
    name: CaseDetailName | None = strawberry.field(description="The person's name.")
    dateOfBirth: dt.date | None = strawberry.field(description="Date of birth.")
    gender: str | None = strawberry.field(description="Gender as nDelius records it, e.g. Male.")
    courtAppearance: CaseCourtAppearance | None = strawberry.field(description="The event's court appearance.")
    sentence: CaseSentence | None = strawberry.field(description="The event's sentence.")
    responsibleProvider: ResponsibleProvider | None = strawberry.field(description="Who manages the case.")
    ogrsScore: int | None = strawberry.field(
        description="OGRS (Offender Group Reconviction Scale) two-year score, a percentage, e.g. 42."
    )
    rsrScore: float | None = strawberry.field(
        description="RSR (Risk of Serious Recidivism) score, a percentage, e.g. 3.45."
    )
    age: int | None = strawberry.field(description="The person's age today, in years.")
    ageAtRelease: int | None = strawberry.field(description="Their age when released, in years; null if not released.")
