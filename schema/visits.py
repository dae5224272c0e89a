from __future__ import annotations

from datetime import date, datetime

import strawberry

from schema.node import Node


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
class Visit(Node):
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

    def node_key(self) -> str:
        return self.reference


@strawberry.type(
    description="A restriction on the person's visits, from NOMIS (the Integration API's PersonVisitRestriction)."
)
class PersonVisitRestriction:
    restrictionId: int = strawberry.field(description="NOMIS id of the restriction, e.g. 8001.")
    restrictionType: str = strawberry.field(description="Restriction code, e.g. CCTV or BAN.")
    restrictionTypeDescription: str = strawberry.field(description="What the code means, e.g. CCTV.")
    startDate: date = strawberry.field(description="First day the restriction applies.")
    expiryDate: date | None = strawberry.field(description="Last day it applies; null when open-ended.")
    active: bool = strawberry.field(description="Whether it applies today.")
    comment: str | None = strawberry.field(description="Free text recorded with the restriction.")
