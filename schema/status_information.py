from __future__ import annotations

from datetime import date

import strawberry


@strawberry.type(
    description="A status registered on the person's probation record in nDelius, such as a serious further "
    "offence review or an outstanding warrant (the Integration API's StatusInformation)."
)
class StatusInformation:
    code: str | None = strawberry.field(description="nDelius register type code, e.g. ASFO or WRSM.")
    description: str | None = strawberry.field(
        description="What the code means, e.g. Serious Further Offence - Subject to SFO review."
    )
    startDate: date | None = strawberry.field(description="When the status was registered.")
    reviewDate: date | None = strawberry.field(description="When it is next due for review; null when none is set.")
    notes: str | None = strawberry.field(
        description="Free text recorded with the status; **REDACTED** for a limited-access person."
    )
