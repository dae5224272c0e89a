"""Reported adjudications (Manage Adjudications), shaped as the Integration API's Adjudication model."""

from __future__ import annotations

from datetime import date, datetime

import strawberry


@strawberry.type(description="When the incident behind an adjudication happened.")
class IncidentDetailsDto:
    dateTimeOfIncident: datetime | None = strawberry.field(
        description="Date and time of the incident (prison local time), e.g. 2024-03-01T14:30:00."
    )


@strawberry.type(description="A paragraph of the Prison (or YOI) Rules the prisoner is charged under.")
class OffenceRuleDto:
    paragraphNumber: str | None = strawberry.field(description="Paragraph of the rules, e.g. 1 or 25(a).")
    paragraphDescription: str | None = strawberry.field(description="What the paragraph forbids, in words.")


@strawberry.type(description="The prisoner's part in the incident (alone, attempted, incited or assisted).")
class IncidentRoleDto:
    roleCode: str | None = strawberry.field(
        description="Role code, e.g. 25a (attempted), 25b (incited), 25c (assisted); null when they acted alone."
    )
    offenceRule: OffenceRuleDto | None = strawberry.field(description="The rule paragraph of that role.")


@strawberry.type(description="The offence charged in an adjudication.")
class OffenceDto:
    offenceCode: int | None = strawberry.field(description="Manage Adjudications' offence code, e.g. 1001.")
    offenceRule: OffenceRuleDto | None = strawberry.field(description="The rule paragraph the offence breaks.")


@strawberry.type(description="What a hearing decided, as recorded by the adjudicator.")
class HearingOutcomeDto:
    code: str | None = strawberry.field(description="Outcome code, e.g. COMPLETE, ADJOURN or REFER_POLICE.")
    reason: str | None = strawberry.field(description="Why, for an adjournment, e.g. LEGAL_ADVICE.")
    details: str | None = strawberry.field(description="Free text recorded with the outcome.")
    plea: str | None = strawberry.field(description="The prisoner's plea, e.g. GUILTY or NOT_GUILTY.")


@strawberry.type(description="A hearing of an adjudication.")
class HearingDto:
    dateTimeOfHearing: datetime | None = strawberry.field(description="Date and time of the hearing.")
    oicHearingType: str | None = strawberry.field(
        description="Who heard it: GOV_ADULT, GOV_YOI (a governor), INAD_ADULT, INAD_YOI (an independent adjudicator)."
    )
    outcome: HearingOutcomeDto | None = strawberry.field(description="The hearing's outcome, once recorded.")


@strawberry.type(description="An outcome of an adjudication (a charge proved, dismissed, referred ...).")
class OutcomeDto:
    code: str | None = strawberry.field(description="Outcome code, e.g. CHARGE_PROVED, DISMISSED or REFER_POLICE.")
    details: str | None = strawberry.field(description="Free text recorded with the outcome.")
    reason: str | None = strawberry.field(description="Why it was not proceeded with, e.g. RELEASED.")
    quashedReason: str | None = strawberry.field(description="Why a proved charge was quashed, e.g. APPEAL_UPHELD.")
    canRemove: bool | None = strawberry.field(description="Whether the outcome may still be removed.")


@strawberry.type(description="An outcome with, for a referral, the referral's own outcome.")
class CombinedOutcomeDto:
    outcome: OutcomeDto | None = strawberry.field(description="The outcome.")
    referralOutcome: OutcomeDto | None = strawberry.field(description="What the referral led to, if referred.")


@strawberry.type(description="One step of an adjudication's history: a hearing and what came of it.")
class OutcomeHistoryDto:
    hearing: HearingDto | None = strawberry.field(description="The hearing, if there was one.")
    outcome: CombinedOutcomeDto | None = strawberry.field(description="The outcome, if recorded.")


@strawberry.type(description="When a punishment applies.")
class PunishmentScheduleDto:
    days: int | None = strawberry.field(description="Length of the punishment in days.")
    startDate: date | None = strawberry.field(description="First day it applies.")
    endDate: date | None = strawberry.field(description="Last day it applies.")
    suspendedUntil: date | None = strawberry.field(description="For a suspended punishment, the day it lapses.")


@strawberry.type(description="A punishment awarded on a proved charge.")
class PunishmentDto:
    type: str | None = strawberry.field(description="Kind of punishment, e.g. PRIVILEGE, EARNINGS, CONFINEMENT.")
    privilegeType: str | None = strawberry.field(description="For a loss of privilege, which, e.g. TV or GYM.")
    otherPrivilege: str | None = strawberry.field(description="The privilege, when privilegeType is OTHER.")
    schedule: PunishmentScheduleDto | None = strawberry.field(description="When it applies.")


@strawberry.type(description="A comment on the punishments, e.g. why they were changed.")
class PunishmentCommentDto:
    comment: str | None = strawberry.field(description="The comment's text.")
    reasonForChange: str | None = strawberry.field(description="Why the punishments changed, e.g. APPEAL.")
    dateTime: datetime | None = strawberry.field(description="When the comment was made.")


@strawberry.type(
    description="An adjudication reported against the prisoner (a charge of breaking the prison rules), from "
    "Manage Adjudications: the incident, the charge, its hearings, outcomes and punishments."
)
class Adjudication:
    incidentDetails: IncidentDetailsDto | None = strawberry.field(description="When the incident happened.")
    isYouthOffender: bool | None = strawberry.field(description="Whether charged under the YOI rules.")
    incidentRole: IncidentRoleDto | None = strawberry.field(description="The prisoner's part in the incident.")
    offenceDetails: OffenceDto | None = strawberry.field(description="The offence charged.")
    status: str | None = strawberry.field(description="Where the charge stands, e.g. UNSCHEDULED or CHARGE_PROVED.")
    statusReason: str | None = strawberry.field(description="Why it has that status, when recorded.")
    statusDetails: str | None = strawberry.field(description="Free text about the status.")
    hearings: list[HearingDto] = strawberry.field(description="The hearings, in the order held.")
    outcomes: list[OutcomeHistoryDto] = strawberry.field(description="Hearings with their outcomes, in order.")
    punishments: list[PunishmentDto] = strawberry.field(description="Punishments awarded.")
    punishmentComments: list[PunishmentCommentDto] = strawberry.field(description="Comments on the punishments.")
