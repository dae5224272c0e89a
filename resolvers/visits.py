"""Person.futureVisits -> loaders.future_visits_by_prisoner_number -> upstream/visits.py -> simulator/visits.py"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from access.visibility import may_see_prison
from resolvers.context import Context
from resolvers.errors import BadUserInput, NotFound
from resolvers.identity import HasPersonRef, PersonPart
from resolvers.pagination import check_page, upstream_page
from schema import visits as types
from schema.pagination import Page
from schema.permissions import PrisonFiltered
from upstream.prison_api import OffenderRestriction
from upstream.visits import Visit as UpstreamVisit


def to_visit(v: UpstreamVisit) -> types.Visit:
    return types.Visit(
        applicationReference=v.applicationReference,
        reference=v.reference,
        prisonerId=v.prisonerId,
        prisonId=v.prisonId,
        prisonName=v.prisonName,
        sessionTemplateReference=v.sessionTemplateReference,
        visitRoom=v.visitRoom,
        visitType=v.visitType,
        visitStatus=v.visitStatus,
        outcomeStatus=v.outcomeStatus,
        visitRestriction=v.visitRestriction,
        startTimestamp=v.startTimestamp,
        endTimestamp=v.endTimestamp,
        visitNotes=[types.VisitNote(type=n.type, text=n.text) for n in v.visitNotes],
        visitContact=types.VisitContact(
            name=v.visitContact.name, telephone=v.visitContact.telephone, email=v.visitContact.email
        )
        if v.visitContact
        else None,
        visitors=[types.Visitor(contactId=x.nomisPersonId, visitContact=x.visitContact) for x in v.visitors],
        visitorSupport=types.VisitorSupport(description=v.visitorSupport.description) if v.visitorSupport else None,
        createdTimestamp=v.createdTimestamp,
        modifiedTimestamp=v.modifiedTimestamp,
        firstBookedDateTime=v.firstBookedDateTime,
        visitExternalSystemDetails=types.VisitExternalSystemDetails(
            clientName=ext.clientName, clientVisitReference=ext.clientVisitReference
        )
        if (ext := v.visitExternalSystemDetails)
        else None,
    )


async def future_visits(root: HasPersonRef, info: Info[Context, None]) -> list[types.Visit]:
    if root.ref.nomis_number is None:
        return []
    visits = await info.context.loaders.future_visits_by_prisoner_number.load(root.ref.nomis_number)
    return [to_visit(v) for v in visits]


async def visit_by_reference(info: Info[Context, None], reference: str) -> types.Visit:
    """GET /v1/visit/{reference}: a visit in a prison the consumer may not see is not found."""
    visit = await info.context.upstreams.visits.visit(reference)
    if visit is None or not may_see_prison(info.context.consumer.filters, visit.prisonId):
        raise NotFound(f"Could not find visit with reference: {reference}")
    return to_visit(visit)


async def prison_visits(
    info: Info[Context, None],
    prison_id: str,
    page: int,
    per_page: int,
    prisoner_number: str | None = None,
    start: date | None = None,
    end: date | None = None,
    status: str = "BOOKED",
) -> Page[types.Visit]:
    """Query.visits: the Integration API's visit search (GET /v1/prison/{prisonId}/visit/search)."""
    check_page(page, per_page)
    if start is not None and end is not None and end < start:
        raise BadUserInput("toDate must not be before fromDate", argument="toDate")
    answer = await info.context.upstreams.visits.prison_visits(
        prison_id, page - 1, per_page, prisoner_number, start, end, status
    )
    return upstream_page([to_visit(v) for v in answer.content], page, per_page, answer.totalElements)


@strawberry.type
class VisitFields(PersonPart):
    @strawberry.field(description="Booked visits from today on, soonest first.", extensions=[PrisonFiltered()])
    async def futureVisits(self, info: Info[Context, None]) -> list[types.Visit] | None:
        return await future_visits(self, info)

    @strawberry.field(
        description="Restrictions on the person's visits (latest booking), newest first; `active` filters them.",
        extensions=[PrisonFiltered()],
    )
    async def visitRestrictions(
        self,
        info: Info[Context, None],
        active: Annotated[
            bool | None,
            strawberry.argument(
                description="true: only restrictions in force today; false: only past or future ones; omitted: all."
            ),
        ] = None,
    ) -> list[types.PersonVisitRestriction] | None:
        if self.ref.nomis_number is None:  # probation-only: NOMIS holds no restrictions for them
            return []
        found = await info.context.loaders.visit_restrictions_by_prisoner_number.load(self.ref.nomis_number)
        rows = [r for r in (found.offenderRestrictions if found else []) if active is None or r.active == active]
        return [to_visit_restriction(r) for r in sorted(rows, key=lambda r: r.startDate, reverse=True)]

    @strawberry.field(
        description="Visit orders the prisoner has left (NOMIS visit balances); null when NOMIS holds no balances "
        "for them, or they are known only to probation.",
        extensions=[PrisonFiltered()],
    )
    async def visitOrders(self, info: Info[Context, None]) -> types.VisitOrders | None:
        if self.ref.nomis_number is None:
            return None
        found = await info.context.loaders.visit_balances_by_prisoner_number.load(self.ref.nomis_number)
        if found is None:
            return None
        return types.VisitOrders(
            remainingVisitOrders=found.remainingVo, remainingPrivilegeVisitOrders=found.remainingPvo
        )


def to_visit_restriction(r: OffenderRestriction) -> types.PersonVisitRestriction:
    return types.PersonVisitRestriction(
        restrictionId=r.restrictionId,
        restrictionType=r.restrictionType,
        restrictionTypeDescription=r.restrictionTypeDescription,
        startDate=r.startDate,
        expiryDate=r.expiryDate,
        active=r.active,
        comment=r.comment,
    )
