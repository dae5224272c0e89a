"""A review schedule's completion (ReviewSchedule.reviewCompletedBy ... reviewType) ->
loaders.completed_reviews_by_prisoner_number -> upstream/plp.py reviews -> simulator/plp.py.

As the Integration API (GetReviewScheduleForPersonService): a COMPLETED version of a review schedule takes
who did the review, when, and why from the completed review that names the schedule; every other version
keeps PLP's own reviewType and has no completion. Read only when one of these fields is selected, and only
for COMPLETED versions."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from resolvers.context import Context
from upstream.plp import CompletedReview

# The Integration API's reviewReason for each calculation rule; any other rule is REGULAR.
REVIEW_REASONS = {"PRISONER_READMISSION": "REOFFENCE", "PRISONER_TRANSFER": "TRANSFER"}
COMPLETED = "COMPLETED"


@strawberry.type
class ReviewCompletionFields:
    """Base of ReviewSchedule (schema/plp.py): the fields read from the review that completed it."""

    prisoner_number: strawberry.Private[str]
    schedule_reference: strawberry.Private[str]
    schedule_status: strawberry.Private[str | None]
    calculation_rule: strawberry.Private[str | None]
    plp_review_type: strawberry.Private[str | None]

    async def _completed(self, info: Info[Context, None]) -> CompletedReview | None:
        if self.schedule_status != COMPLETED:
            return None
        found = await info.context.loaders.completed_reviews_by_prisoner_number.load(self.prisoner_number)
        # The last review naming the schedule, as the Integration API's associateBy keeps the last.
        matching = [
            r for r in (found.completedReviews if found else []) if r.reviewScheduleReference == self.schedule_reference
        ]
        return matching[-1] if matching else None

    @strawberry.field(
        description="Kind of review. For a COMPLETED version, PRE_RELEASE (the last review before release) or "
        "REGULAR, as the Integration API derives it; otherwise as PLP names it, e.g. REVIEW, "
        "PRE_RELEASE_REVIEW, TRANSFER_REVIEW."
    )
    async def reviewType(self, info: Info[Context, None]) -> str | None:
        done = await self._completed(info)
        if done is None:
            return self.plp_review_type
        return "PRE_RELEASE" if done.preRelease else "REGULAR"

    @strawberry.field(
        description="For a COMPLETED version: who did the review (the person who conducted it, else whoever "
        "recorded it); null otherwise."
    )
    async def reviewCompletedBy(self, info: Info[Context, None]) -> str | None:
        done = await self._completed(info)
        return (done.conductedBy or done.updatedByDisplayName) if done else None

    @strawberry.field(
        description="For a COMPLETED version: their role, e.g. Peer Mentor; CIAG (careers adviser) when PLP "
        "records none; null otherwise."
    )
    async def reviewCompletedByRole(self, info: Info[Context, None]) -> str | None:
        done = await self._completed(info)
        return (done.conductedByRole or "CIAG") if done else None

    @strawberry.field(
        description="For a COMPLETED version: the day the review was done with the prisoner (YYYY-MM-DD), "
        "not the day it was recorded; null otherwise."
    )
    async def reviewCompletedAt(self, info: Info[Context, None]) -> date | None:
        done = await self._completed(info)
        return done.completedDate if done else None

    @strawberry.field(
        description="For a COMPLETED version: why the review happened, from its calculation rule: REOFFENCE "
        "(readmission), TRANSFER or REGULAR; null otherwise."
    )
    async def reviewReason(self, info: Info[Context, None]) -> str | None:
        done = await self._completed(info)
        if done is None:
            return None
        return REVIEW_REASONS.get(self.calculation_rule or "", "REGULAR")
