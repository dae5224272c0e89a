"""Education, skills and work (PLP, the Personal Learning Plan service): induction and review schedules."""

from __future__ import annotations

from datetime import date, datetime

from upstream.base import UpstreamClient, UpstreamModel, path_segment


class InductionSchedule(UpstreamModel):
    reference: str | None = None
    prisonNumber: str
    deadlineDate: date | None = None
    scheduleCalculationRule: str | None = None
    scheduleStatus: str | None = None
    createdBy: str | None = None
    createdByDisplayName: str | None = None
    createdAt: datetime | None = None
    createdAtPrison: str | None = None
    updatedBy: str | None = None
    updatedByDisplayName: str | None = None
    updatedAt: datetime | None = None
    updatedAtPrison: str | None = None
    inductionPerformedBy: str | None = None
    inductionPerformedByRole: str | None = None
    inductionPerformedAt: date | None = None
    inductionPerformedAtPrison: str | None = None
    exemptionReason: str | None = None
    version: int | None = None


class InductionSchedules(UpstreamModel):
    inductionSchedules: list[InductionSchedule]


class ReviewSchedule(UpstreamModel):
    reference: str
    reviewDateFrom: date | None = None
    reviewDateTo: date | None = None
    status: str | None = None
    calculationRule: str | None = None
    reviewType: str | None = None
    exemptionReason: str | None = None
    createdBy: str | None = None
    createdByDisplayName: str | None = None
    createdAt: datetime | None = None
    createdAtPrison: str | None = None
    updatedBy: str | None = None
    updatedByDisplayName: str | None = None
    updatedAt: datetime | None = None
    updatedAtPrison: str | None = None
    version: int | None = None


class ReviewSchedules(UpstreamModel):
    reviewSchedules: list[ReviewSchedule]


class CompletedReview(UpstreamModel):
    """A review done (PLP's CompletedActionPlanReviewResponse), only the parts the graph reads."""

    reference: str
    completedDate: date
    preRelease: bool
    reviewScheduleReference: str | None = None
    conductedBy: str | None = None
    conductedByRole: str | None = None
    updatedByDisplayName: str | None = None


class ActionPlanReviews(UpstreamModel):
    completedReviews: list[CompletedReview]


class PlpClient(UpstreamClient):
    async def induction_schedule(self, prison_number: str) -> InductionSchedule | None:
        """The current induction schedule; None (404) when the prisoner has none."""
        return await self.get(f"/inductions/{path_segment(prison_number)}/induction-schedule", InductionSchedule)

    async def induction_schedule_history(self, prison_number: str) -> InductionSchedules | None:
        """Every version of the induction schedule, oldest first."""
        return await self.get(
            f"/inductions/{path_segment(prison_number)}/induction-schedule/history", InductionSchedules
        )

    async def review_schedules(self, prison_number: str) -> ReviewSchedules | None:
        """Every version of every review schedule."""
        return await self.get(f"/action-plans/{path_segment(prison_number)}/reviews/review-schedules", ReviewSchedules)

    async def reviews(self, prison_number: str) -> ActionPlanReviews | None:
        """The reviews done (who did them, when, whether before release); None (404) without a review schedule."""
        return await self.get(f"/action-plans/{path_segment(prison_number)}/reviews", ActionPlanReviews)
