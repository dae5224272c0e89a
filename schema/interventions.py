from __future__ import annotations

from datetime import datetime

import strawberry


@strawberry.type(description="An organisation commissioned to deliver interventions.")
class ServiceProvider:
    id: str = strawberry.field(description="The provider's code, e.g. HARMONY_LIVING.")
    name: str | None = strawberry.field(description="The provider's name, e.g. Harmony Living.")


@strawberry.type(description="How complex the person's needs are within a service category.")
class ComplexityLevel:
    id: str = strawberry.field(description="The level's id (a UUID).")
    title: str | None = strawberry.field(description="e.g. Low complexity.")
    description: str | None = strawberry.field(description="What the level means.")


@strawberry.type(description="An outcome the referral aims at (reference data of the service category).")
class DesiredOutcome:
    id: str = strawberry.field(description="The outcome's id (a UUID).")
    description: str | None = strawberry.field(
        description="e.g. Service user makes progress in obtaining accommodation."
    )


@strawberry.type(description="A service category the person was referred for, with what the referral chose in it.")
class ReferralServiceCategory:
    id: str = strawberry.field(description="The category's id (a UUID).")
    name: str | None = strawberry.field(description="e.g. Accommodation or Emotional Wellbeing.")
    complexityLevel: ComplexityLevel | None = strawberry.field(description="The complexity level chosen.")
    desiredOutcomes: list[DesiredOutcome] = strawberry.field(description="The outcomes chosen.")


@strawberry.type(description="One activity of an action plan.")
class ActionPlanActivity:
    id: str = strawberry.field(description="The activity's id (a UUID).")
    description: str | None = strawberry.field(description="What the person will do.")
    createdAt: datetime | None = strawberry.field(description="When it was added.")


@strawberry.type(description="The plan the provider agreed for delivering the intervention.")
class ActionPlan:
    id: str = strawberry.field(description="The plan's id (a UUID).")
    numberOfSessions: int | None = strawberry.field(description="How many delivery sessions it plans.")
    activities: list[ActionPlanActivity] = strawberry.field(description="Its activities.")
    submittedAt: datetime | None = strawberry.field(description="When the provider submitted it.")
    approvedAt: datetime | None = strawberry.field(description="When the probation practitioner approved it.")


@strawberry.type(description="An appointment of a delivery session.")
class InterventionAppointment:
    id: str = strawberry.field(description="The appointment's id (a UUID).")
    appointmentTime: datetime | None = strawberry.field(description="When it is (or was).")
    durationInMinutes: int | None = strawberry.field(description="How long, in minutes, e.g. 60.")
    deliveryType: str | None = strawberry.field(
        description="How it is delivered: PHONE_CALL, VIDEO_CALL, IN_PERSON_MEETING_PROBATION_OFFICE or "
        "IN_PERSON_MEETING_OTHER."
    )
    attended: str | None = strawberry.field(
        description="Whether the person attended (yes, late or no); null until feedback is recorded."
    )


@strawberry.type(description="A delivery session of the intervention.")
class DeliverySession:
    sessionNumber: int = strawberry.field(description="Its number, from 1.")
    appointments: list[InterventionAppointment] = strawberry.field(
        description="Its appointments (a rescheduled session has several)."
    )


@strawberry.type(description="How far the person got towards one desired outcome.")
class EndOfServiceReportOutcome:
    desiredOutcome: DesiredOutcome = strawberry.field(description="The outcome.")
    achievementLevel: str | None = strawberry.field(description="ACHIEVED, PARTIALLY_ACHIEVED or NOT_ACHIEVED.")
    progressionComments: str | None = strawberry.field(description="The provider's comments on progress.")
    additionalTaskComments: str | None = strawberry.field(description="What the person should do next.")


@strawberry.type(description="The provider's report when the intervention ends.")
class EndOfServiceReport:
    id: str = strawberry.field(description="The report's id (a UUID).")
    submittedAt: datetime | None = strawberry.field(description="When it was submitted.")
    furtherInformation: str | None = strawberry.field(description="Anything else the provider records.")
    outcomes: list[EndOfServiceReportOutcome] = strawberry.field(description="Progress towards each outcome.")
