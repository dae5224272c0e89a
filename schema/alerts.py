from __future__ import annotations

from datetime import date

import strawberry


@strawberry.type(description="A prison alert (Prisoner Alerts API), as the Integration API's Alert.")
class Alert:
    offenderNo: str
    type: str
    typeDescription: str
    code: str
    codeDescription: str
    comment: str | None
    dateCreated: date
    dateExpired: date | None
    expired: bool
    active: bool
