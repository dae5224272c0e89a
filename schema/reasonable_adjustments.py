"""A prisoner's reasonable adjustments (NOMIS), part of their protected characteristics."""

from __future__ import annotations

from datetime import date

import strawberry


@strawberry.type(
    description="An adjustment NOMIS records for a prisoner's health or disability, e.g. wheelchair access "
    "(the Integration API's ReasonableAdjustment)."
)
class ReasonableAdjustment:
    treatmentCode: str | None = strawberry.field(
        description="NOMIS treatment code (reference domain HEALTH_TREAT), e.g. WHEELCHR_ACC."
    )
    commentText: str | None = strawberry.field(description="Free text recorded with it.")
    startDate: date | None = strawberry.field(description="When it started, YYYY-MM-DD.")
    endDate: date | None = strawberry.field(description="When it ended; null while it applies.")
    treatmentDescription: str | None = strawberry.field(
        description="What the code means, e.g. Wheelchair accessibility."
    )
