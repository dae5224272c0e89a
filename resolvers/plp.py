"""Person.plp { inductionSchedule inductionScheduleHistory reviewSchedules } -> loaders.induction_schedule_*,
loaders.review_schedules_by_prisoner_number -> upstream/plp.py -> simulator/plp.py"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers.context import Context
from resolvers.identity import PersonPart
from schema import plp as types
from upstream.plp import InductionSchedule as UpstreamInduction
from upstream.plp import ReviewSchedule as UpstreamReview


def to_induction_schedule(s: UpstreamInduction) -> types.InductionSchedule:
    return types.InductionSchedule(
        deadlineDate=s.deadlineDate,
        status=s.scheduleStatus,
        calculationRule=s.scheduleCalculationRule,
        nomisNumber=s.prisonNumber,
        systemCreatedBy=s.createdByDisplayName,
        systemCreatedAt=s.createdAt,
        systemCreatedAtPrison=s.createdAtPrison,
        systemUpdatedBy=s.updatedByDisplayName,
        systemUpdatedAt=s.updatedAt,
        systemUpdatedAtPrison=s.updatedAtPrison,
        inductionPerformedBy=s.inductionPerformedBy,
        inductionPerformedAt=s.inductionPerformedAt,
        inductionPerformedByRole=s.inductionPerformedByRole,
        inductionPerformedAtPrison=s.inductionPerformedAtPrison,
        exemptionReason=s.exemptionReason,
        version=s.version,
    )


def to_review_schedule(s: UpstreamReview, nomis_number: str) -> types.ReviewSchedule:
    return types.ReviewSchedule(
        nomisNumber=nomis_number,
        reference=s.reference,
        reviewDateFrom=s.reviewDateFrom,
        reviewDateTo=s.reviewDateTo,
        status=s.status,
        calculationRule=s.calculationRule,
        createdBy=s.createdBy,
        createdByDisplayName=s.createdByDisplayName,
        createdAt=s.createdAt,
        createdAtPrison=s.createdAtPrison,
        updatedBy=s.updatedBy,
        updatedByDisplayName=s.updatedByDisplayName,
        updatedAt=s.updatedAt,
        updatedAtPrison=s.updatedAtPrison,
        version=s.version,
        prisoner_number=nomis_number,
        schedule_reference=s.reference,
        schedule_status=s.status,
        calculation_rule=s.calculationRule,
        plp_review_type=s.reviewType,
    )


@strawberry.type(
    description="The prisoner's education, skills and work plan schedules (PLP): when their induction and "
    "reviews are due, and what became of them."
)
class Plp(PersonPart):
    @strawberry.field(description="The current induction schedule; null when the prisoner has none.")
    async def inductionSchedule(self, info: Info[Context, None]) -> types.InductionSchedule | None:
        if self.ref.nomis_number is None:
            return None
        found = await info.context.loaders.induction_schedule_by_prisoner_number.load(self.ref.nomis_number)
        return to_induction_schedule(found) if found else None

    @strawberry.field(description="Every version of the induction schedule, oldest first.")
    async def inductionScheduleHistory(self, info: Info[Context, None]) -> list[types.InductionSchedule] | None:
        if self.ref.nomis_number is None:
            return []
        found = await info.context.loaders.induction_schedule_history_by_prisoner_number.load(self.ref.nomis_number)
        return [to_induction_schedule(s) for s in found.inductionSchedules] if found else []

    @strawberry.field(
        description="Every version of every review schedule (group by `reference`; the highest `version` is current)."
    )
    async def reviewSchedules(
        self,
        info: Info[Context, None],
        statuses: Annotated[
            list[str] | None,
            strawberry.argument(description="Only versions with one of these statuses, e.g. [SCHEDULED, COMPLETED]."),
        ] = None,
    ) -> list[types.ReviewSchedule] | None:
        nomis_number = self.ref.nomis_number
        if nomis_number is None:
            return []
        found = await info.context.loaders.review_schedules_by_prisoner_number.load(nomis_number)
        wanted = {s.upper() for s in statuses} if statuses is not None else None
        return [
            to_review_schedule(s, nomis_number)
            for s in (found.reviewSchedules if found else [])
            if wanted is None or (s.status or "") in wanted
        ]


@strawberry.type
class PlpFields(PersonPart):
    @strawberry.field(
        description="Education, skills and work plan schedules from PLP (prisoners only; empty for others)."
    )
    def plp(self) -> Plp | None:
        return Plp(ref=self.ref)
