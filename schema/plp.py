from __future__ import annotations

from datetime import date, datetime

import strawberry

from resolvers.plp_reviews import ReviewCompletionFields


@strawberry.type(
    description="A prisoner's education, skills and work induction schedule from PLP, one version of it (the "
    "Integration API's InductionSchedule)."
)
class InductionSchedule:
    deadlineDate: date | None = strawberry.field(description="Day the induction must be done by.")
    status: str | None = strawberry.field(
        description="SCHEDULED, COMPLETED, or an exemption such as EXEMPT_PRISONER_RELEASE."
    )
    calculationRule: str | None = strawberry.field(
        description="How the deadline was worked out, e.g. NEW_PRISON_ADMISSION or EXISTING_PRISONER."
    )
    nomisNumber: str | None = strawberry.field(description="The prisoner's NOMIS number, e.g. A1234BC.")
    systemCreatedBy: str | None = strawberry.field(description="Who created the schedule (display name).")
    systemCreatedAt: datetime | None = strawberry.field(description="When it was created.")
    systemCreatedAtPrison: str | None = strawberry.field(description="Prison it was created in, e.g. BXI.")
    systemUpdatedBy: str | None = strawberry.field(description="Who last changed it (display name).")
    systemUpdatedAt: datetime | None = strawberry.field(description="When it was last changed.")
    systemUpdatedAtPrison: str | None = strawberry.field(description="Prison it was last changed in.")
    inductionPerformedBy: str | None = strawberry.field(description="Who did the induction, once done.")
    inductionPerformedAt: date | None = strawberry.field(description="Day the induction was done.")
    inductionPerformedByRole: str | None = strawberry.field(description="Their role, e.g. Peer Mentor or CIAG.")
    inductionPerformedAtPrison: str | None = strawberry.field(description="Prison it was done in.")
    exemptionReason: str | None = strawberry.field(description="Why the prisoner is exempt, when they are.")
    version: int | None = strawberry.field(description="Version of the schedule: the higher, the newer.")


@strawberry.type(
    description="A window in which a prisoner's learning and work plan is to be reviewed, one version of it, "
    "from PLP (the Integration API's ReviewSchedule)."
)
class ReviewSchedule(ReviewCompletionFields):
    nomisNumber: str | None = strawberry.field(description="The prisoner's NOMIS number.")
    reference: str = strawberry.field(description="The schedule's id (a UUID), shared by all its versions.")
    reviewDateFrom: date | None = strawberry.field(description="Earliest day the review should happen.")
    reviewDateTo: date | None = strawberry.field(description="Latest day the review should happen.")
    status: str | None = strawberry.field(description="SCHEDULED, COMPLETED or an exemption.")
    calculationRule: str | None = strawberry.field(
        description="How the window was worked out, e.g. BETWEEN_12_AND_60_MONTHS_TO_SERVE."
    )
    createdBy: str | None = strawberry.field(description="Username of who created it.")
    createdByDisplayName: str | None = strawberry.field(description="Name of who created it.")
    createdAt: datetime | None = strawberry.field(description="When it was created.")
    createdAtPrison: str | None = strawberry.field(description="Prison it was created in.")
    updatedBy: str | None = strawberry.field(description="Username of who last changed it.")
    updatedByDisplayName: str | None = strawberry.field(description="Name of who last changed it.")
    updatedAt: datetime | None = strawberry.field(description="When it was last changed.")
    updatedAtPrison: str | None = strawberry.field(description="Prison it was last changed in.")
    version: int | None = strawberry.field(description="Version of this schedule: the higher, the newer.")
