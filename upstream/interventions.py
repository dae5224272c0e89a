"""Interventions (Commissioned Rehabilitative Services): a person's referrals, the interventions they are to,
action plans and delivery sessions. The service publishes no OpenAPI document to us: the paths and shapes are
those of specs/upstream/interventions.json (see its README line)."""

from __future__ import annotations

from datetime import datetime

from upstream.base import UpstreamClient, UpstreamModel, path_segment


class ComplexityLevelChoice(UpstreamModel):
    serviceCategoryId: str
    complexityLevelId: str


class DesiredOutcomesChoice(UpstreamModel):
    serviceCategoryId: str
    desiredOutcomesIds: list[str] = []


class ReferralDetails(UpstreamModel):
    interventionId: str
    serviceCategoryIds: list[str] = []
    complexityLevels: list[ComplexityLevelChoice] = []
    desiredOutcomes: list[DesiredOutcomesChoice] = []


class OutcomeDescription(UpstreamModel):
    id: str
    description: str | None = None


class EndOfServiceReportOutcome(UpstreamModel):
    desiredOutcome: OutcomeDescription
    achievementLevel: str | None = None
    progressionComments: str | None = None
    additionalTaskComments: str | None = None


class EndOfServiceReport(UpstreamModel):
    id: str
    submittedAt: datetime | None = None
    furtherInformation: str | None = None
    outcomes: list[EndOfServiceReportOutcome] = []


class SentReferral(UpstreamModel):
    id: str
    referenceNumber: str | None = None
    sentAt: datetime | None = None
    concludedAt: datetime | None = None
    referral: ReferralDetails
    actionPlanId: str | None = None
    endOfServiceReport: EndOfServiceReport | None = None


class ComplexityLevel(UpstreamModel):
    id: str
    title: str | None = None
    description: str | None = None


class ServiceCategory(UpstreamModel):
    id: str
    name: str | None = None
    complexityLevels: list[ComplexityLevel] = []
    desiredOutcomes: list[OutcomeDescription] = []


class ServiceProvider(UpstreamModel):
    id: str
    name: str | None = None


class Intervention(UpstreamModel):
    id: str
    title: str | None = None
    serviceProvider: ServiceProvider | None = None
    serviceCategories: list[ServiceCategory] = []


class ActionPlanActivity(UpstreamModel):
    id: str
    description: str | None = None
    createdAt: datetime | None = None


class ActionPlan(UpstreamModel):
    id: str
    numberOfSessions: int | None = None
    activities: list[ActionPlanActivity] = []
    submittedAt: datetime | None = None
    approvedAt: datetime | None = None


class Attendance(UpstreamModel):
    attended: str | None = None


class SessionFeedback(UpstreamModel):
    attendance: Attendance | None = None


class Appointment(UpstreamModel):
    id: str
    appointmentTime: datetime | None = None
    durationInMinutes: int | None = None
    appointmentDeliveryType: str | None = None
    sessionFeedback: SessionFeedback | None = None


class DeliverySession(UpstreamModel):
    sessionNumber: int
    appointments: list[Appointment] = []


class InterventionsClient(UpstreamClient):
    async def referrals(self, crn: str) -> list[SentReferral] | None:
        """Every referral sent for the person; [] for a CRN the service has no referral for."""
        return await self.get(f"/probation-case/{path_segment(crn)}/referrals", list[SentReferral])

    async def intervention(self, intervention_id: str) -> Intervention | None:
        return await self.get(f"/intervention/{path_segment(intervention_id)}", Intervention)

    async def action_plan(self, action_plan_id: str) -> ActionPlan | None:
        return await self.get(f"/action-plan/{path_segment(action_plan_id)}", ActionPlan)

    async def sessions(self, referral_id: str) -> list[DeliverySession] | None:
        return await self.get(f"/referral/{path_segment(referral_id)}/sessions", list[DeliverySession])
