"""Visits orchestration (manage prison visits)."""

from __future__ import annotations

from datetime import datetime

from upstream.base import UpstreamClient, UpstreamModel, path_segment


class VisitNote(UpstreamModel):
    type: str
    text: str


class VisitContact(UpstreamModel):
    name: str | None = None
    telephone: str | None = None
    email: str | None = None


class Visitor(UpstreamModel):
    nomisPersonId: int
    visitContact: bool | None = None


class VisitorSupport(UpstreamModel):
    description: str | None = None


class Visit(UpstreamModel):
    applicationReference: str | None = None
    reference: str
    prisonerId: str
    prisonId: str
    prisonName: str | None = None
    sessionTemplateReference: str | None = None
    visitRoom: str | None = None
    visitType: str | None = None
    visitStatus: str | None = None
    outcomeStatus: str | None = None
    visitRestriction: str | None = None
    startTimestamp: datetime
    endTimestamp: datetime
    visitNotes: list[VisitNote] = []
    visitContact: VisitContact | None = None
    visitors: list[Visitor] = []
    visitorSupport: VisitorSupport | None = None
    createdTimestamp: datetime | None = None
    modifiedTimestamp: datetime | None = None
    firstBookedDateTime: datetime | None = None


class VisitPage(UpstreamModel):
    """Spring `Page`, 0-based."""

    content: list[Visit]
    totalElements: int


class VisitsClient(UpstreamClient):
    async def visit(self, reference: str) -> Visit | None:
        return await self.get(f"/visits/{path_segment(reference)}", Visit)

    async def prison_visits(self, prison_id: str, page: int, size: int) -> VisitPage:
        answer = await self.get(
            "/visits/search",
            VisitPage,
            params={"prisonId": prison_id, "visitStatus": "BOOKED", "page": page, "size": size},
        )
        return answer or VisitPage(content=[], totalElements=0)

    async def future_visits(self, prisoner_number: str) -> list[Visit]:
        return await self.get(f"/visits/search/future/{path_segment(prisoner_number)}", list[Visit]) or []
