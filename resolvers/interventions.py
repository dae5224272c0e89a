"""Person.referrals -> loaders.referrals_by_crn (then intervention_by_id, action_plan_by_id,
sessions_by_referral_id, each only when selected) -> upstream/interventions.py -> simulator/interventions.py"""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from resolvers.context import Context
from resolvers.identity import PersonPart, crn_of
from schema import interventions as types
from schema.permissions import LimitedAccessPolicy
from upstream.interventions import Intervention, SentReferral


def to_end_of_service_report(referral: SentReferral) -> types.EndOfServiceReport | None:
    report = referral.endOfServiceReport
    if report is None:
        return None
    return types.EndOfServiceReport(
        id=report.id,
        submittedAt=report.submittedAt,
        furtherInformation=report.furtherInformation,
        outcomes=[
            types.EndOfServiceReportOutcome(
                desiredOutcome=types.DesiredOutcome(id=o.desiredOutcome.id, description=o.desiredOutcome.description),
                achievementLevel=o.achievementLevel,
                progressionComments=o.progressionComments,
                additionalTaskComments=o.additionalTaskComments,
            )
            for o in report.outcomes
        ],
    )


def to_service_categories(
    referral: SentReferral, intervention: Intervention | None
) -> list[types.ReferralServiceCategory]:
    """The categories the referral chose, each with the complexity level and outcomes chosen in it, named
    from the intervention's reference data."""
    known = {c.id: c for c in intervention.serviceCategories} if intervention else {}
    chosen_level = {c.serviceCategoryId: c.complexityLevelId for c in referral.referral.complexityLevels}
    chosen_outcomes = {c.serviceCategoryId: c.desiredOutcomesIds for c in referral.referral.desiredOutcomes}
    categories = []
    for category_id in referral.referral.serviceCategoryIds:
        category = known.get(category_id)
        levels = {lvl.id: lvl for lvl in category.complexityLevels} if category else {}
        outcomes = {o.id: o for o in category.desiredOutcomes} if category else {}
        level = levels.get(chosen_level.get(category_id, ""))
        categories.append(
            types.ReferralServiceCategory(
                id=category_id,
                name=category.name if category else None,
                complexityLevel=types.ComplexityLevel(id=level.id, title=level.title, description=level.description)
                if level
                else None,
                desiredOutcomes=[
                    types.DesiredOutcome(id=o, description=outcomes[o].description if o in outcomes else None)
                    for o in chosen_outcomes.get(category_id, [])
                ],
            )
        )
    return categories


@strawberry.type(
    description="A referral of the person to a commissioned rehabilitative service (the Interventions service): "
    "what it is for, who delivers it, and how it went."
)
class Referral:
    referral: strawberry.Private[SentReferral]

    @strawberry.field(description="The referral's id (a UUID).")
    def id(self) -> str:
        return self.referral.id

    @strawberry.field(description="The reference the probation practitioner and provider use, e.g. JS18726AC.")
    def referenceNumber(self) -> str | None:
        return self.referral.referenceNumber

    @strawberry.field(description="When the referral was sent to the provider.")
    def sentAt(self) -> datetime | None:
        return self.referral.sentAt

    @strawberry.field(description="When it ended; null while it is open.")
    def concludedAt(self) -> datetime | None:
        return self.referral.concludedAt

    @strawberry.field(description="The intervention's title, e.g. Accommodation Services - West Midlands.")
    async def interventionTitle(self, info: Info[Context, None]) -> str | None:
        intervention = await info.context.loaders.intervention_by_id.load(self.referral.referral.interventionId)
        return intervention.title if intervention else None

    @strawberry.field(description="Who delivers it.")
    async def serviceProvider(self, info: Info[Context, None]) -> types.ServiceProvider | None:
        intervention = await info.context.loaders.intervention_by_id.load(self.referral.referral.interventionId)
        provider = intervention.serviceProvider if intervention else None
        return types.ServiceProvider(id=provider.id, name=provider.name) if provider else None

    @strawberry.field(description="The service categories referred for, with complexity level and desired outcomes.")
    async def serviceCategories(self, info: Info[Context, None]) -> list[types.ReferralServiceCategory] | None:
        intervention = await info.context.loaders.intervention_by_id.load(self.referral.referral.interventionId)
        return to_service_categories(self.referral, intervention)

    @strawberry.field(description="The approved action plan; null before one is submitted.")
    async def actionPlan(self, info: Info[Context, None]) -> types.ActionPlan | None:
        if self.referral.actionPlanId is None:
            return None
        plan = await info.context.loaders.action_plan_by_id.load(self.referral.actionPlanId)
        if plan is None:
            return None
        return types.ActionPlan(
            id=plan.id,
            numberOfSessions=plan.numberOfSessions,
            activities=[
                types.ActionPlanActivity(id=a.id, description=a.description, createdAt=a.createdAt)
                for a in plan.activities
            ],
            submittedAt=plan.submittedAt,
            approvedAt=plan.approvedAt,
        )

    @strawberry.field(description="Delivery sessions with their appointments, by session number.")
    async def sessions(self, info: Info[Context, None]) -> list[types.DeliverySession] | None:
        found = await info.context.loaders.sessions_by_referral_id.load(self.referral.id)
        return [
            types.DeliverySession(
                sessionNumber=s.sessionNumber,
                appointments=[
                    types.InterventionAppointment(
                        id=a.id,
                        appointmentTime=a.appointmentTime,
                        durationInMinutes=a.durationInMinutes,
                        deliveryType=a.appointmentDeliveryType,
                        attended=a.sessionFeedback.attendance.attended
                        if a.sessionFeedback and a.sessionFeedback.attendance
                        else None,
                    )
                    for a in s.appointments
                ],
            )
            for s in sorted(found or [], key=lambda s: s.sessionNumber)
        ]

    @strawberry.field(description="The provider's end-of-service report; null until the intervention ends.")
    def endOfServiceReport(self) -> types.EndOfServiceReport | None:
        return to_end_of_service_report(self.referral)


@strawberry.type
class InterventionFields(PersonPart):
    @strawberry.field(
        description="Referrals to commissioned rehabilitative services (Interventions), newest first. Empty "
        "without a CRN. Withheld for limited-access people.",
        extensions=[LimitedAccessPolicy()],
    )
    async def referrals(self, info: Info[Context, None]) -> list[Referral] | None:
        crn = await crn_of(self.ref, info)
        if crn is None:
            return []
        found = await info.context.loaders.referrals_by_crn.load(crn) or []
        ordered = sorted(found, key=lambda r: (r.sentAt is not None, r.sentAt), reverse=True)
        return [Referral(referral=r) for r in ordered]
