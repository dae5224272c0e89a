from __future__ import annotations

from datetime import date, datetime
from enum import Enum

import strawberry

from schema.node import Node


@strawberry.type(description="A note on a visit booking.")
class VisitNote:
    type: str = strawberry.field(description="Kind of note, e.g. VISITOR_CONCERN.")
    text: str = strawberry.field(description="The note.")


@strawberry.type(description="The main contact for a visit booking.")
class VisitContact:
    name: str | None = strawberry.field(description="Their name.")
    telephone: str | None = strawberry.field(description="Their phone number.")
    email: str | None = strawberry.field(description="Their email address.")


@strawberry.type(description="A visitor on a booking.")
class Visitor:
    contactId: int = strawberry.field(description="The visitor's contact id in Personal Relationships.")
    visitContact: bool | None = strawberry.field(description="True when this visitor is the booking's main contact.")


@strawberry.type(description="Support visitors asked for.")
class VisitorSupport:
    description: str | None = strawberry.field(description="What they asked for, e.g. wheelchair access.")


@strawberry.type(description="The system outside the visits service a visit was booked through, if any.")
class VisitExternalSystemDetails:
    clientName: str | None = strawberry.field(description="Name of the client system, e.g. a partner's booking app.")
    clientVisitReference: str | None = strawberry.field(description="The visit's reference in that system.")


@strawberry.type(description="A prison visit booking (visits orchestration).")
class Visit(Node):
    applicationReference: str | None = strawberry.field(description="Reference of the booking application.")
    reference: str = strawberry.field(description="The visit's reference, e.g. ab-cd-ef-gh; Query.visit takes it.")
    prisonerId: str = strawberry.field(description="NOMIS prisoner number of the prisoner visited.")
    prisonId: str = strawberry.field(description="Code of the prison, e.g. MDI.")
    prisonName: str | None = strawberry.field(description="Name of the prison.")
    sessionTemplateReference: str | None = strawberry.field(
        description="Reference of the visit session it was booked into."
    )
    visitRoom: str | None = strawberry.field(description="Where the visit takes place, e.g. Visits Main Hall.")
    visitType: str | None = strawberry.field(description="SOCIAL or FAMILY.")
    visitStatus: str | None = strawberry.field(description="BOOKED or CANCELLED.")
    outcomeStatus: str | None = strawberry.field(description="Why it was cancelled or how it ended, when it has.")
    visitRestriction: str | None = strawberry.field(
        description="OPEN, CLOSED or UNKNOWN (whether visitors and prisoner may touch)."
    )
    startTimestamp: datetime = strawberry.field(description="When it starts (ISO 8601 date-time, prison local time).")
    endTimestamp: datetime = strawberry.field(description="When it ends.")
    visitNotes: list[VisitNote] = strawberry.field(description="Notes on the booking.")
    visitContact: VisitContact | None = strawberry.field(description="Who to contact about the visit.")
    visitors: list[Visitor] = strawberry.field(description="Who is visiting.")
    visitorSupport: VisitorSupport | None = strawberry.field(description="Support the visitors asked for.")
    createdTimestamp: datetime | None = strawberry.field(description="When the booking was created.")
    modifiedTimestamp: datetime | None = strawberry.field(description="When it was last changed.")
    firstBookedDateTime: datetime | None = strawberry.field(description="When it was first booked.")
    visitExternalSystemDetails: VisitExternalSystemDetails | None = strawberry.field(
        description="The client system it was booked through and its reference there; null when booked in the "
        "visits service itself."
    )

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


@strawberry.enum(description="Whether a visit is still on: the visits service's status.")
class VisitStatus(Enum):
    BOOKED = "BOOKED"
    CANCELLED = "CANCELLED"


@strawberry.type(
    description="How many visits the prisoner may still book, from NOMIS's visit balances (the Integration API's "
    "VisitOrders)."
)
class VisitOrders:
    remainingVisitOrders: int = strawberry.field(description="Visit orders left, e.g. 2.")
    remainingPrivilegeVisitOrders: int = strawberry.field(
        description="Privilege visit orders left (extra visits earned through the incentive scheme), e.g. 1."
    )
