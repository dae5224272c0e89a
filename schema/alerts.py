from __future__ import annotations

from datetime import date

import strawberry


@strawberry.type(description="A prison alert (Prisoner Alerts API), as the Integration API's Alert.")
class Alert:
    offenderNo: str = strawberry.field(description="NOMIS prisoner number of the person the alert is on, e.g. A1234BC.")
    type: str = strawberry.field(description="Alert type code, the group the alert belongs to, e.g. X (security).")
    typeDescription: str = strawberry.field(description="What the type code means, e.g. Security.")
    code: str = strawberry.field(description="Alert code, e.g. XA (arsonist) or HA (ACCT open).")
    codeDescription: str = strawberry.field(description="What the alert code means, e.g. Arsonist.")
    comment: str | None = strawberry.field(description="Free text recorded with the alert.")
    dateCreated: date = strawberry.field(
        description="The alert's date (when it starts to apply), YYYY-MM-DD; alerts are sorted by it, newest first."
    )
    dateExpired: date | None = strawberry.field(description="Last day the alert applies; null when it has no end.")
    expired: bool = strawberry.field(description="True when the alert's end date is today or earlier.")
    active: bool = strawberry.field(description="True while the alert applies (the Prisoner Alerts API's isActive).")
