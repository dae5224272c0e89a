from __future__ import annotations

from datetime import datetime

import strawberry


@strawberry.type
class VisitNote:
    type: str
    text: str


@strawberry.type
class VisitContact:
    name: str | None
    telephone: str | None
    email: str | None


@strawberry.type
class Visitor:
    contactId: int
    visitContact: bool | None


@strawberry.type
class VisitorSupport:
    description: str | None


@strawberry.type(description="A prison visit booking (visits orchestration).")
class Visit:
    applicationReference: str | None
    reference: str
    prisonerId: str
    prisonId: str
    prisonName: str | None
    sessionTemplateReference: str | None
    visitRoom: str | None
    visitType: str | None
    visitStatus: str | None
    outcomeStatus: str | None
    visitRestriction: str | None
    startTimestamp: datetime
    endTimestamp: datetime
    visitNotes: list[VisitNote]
    visitContact: VisitContact | None
    visitors: list[Visitor]
    visitorSupport: VisitorSupport | None
    createdTimestamp: datetime | None
    modifiedTimestamp: datetime | None
    firstBookedDateTime: datetime | None
