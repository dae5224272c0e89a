"""Visits orchestration (manage prison visits)."""

from __future__ import annotations

from datetime import date, datetime

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


class VisitExternalSystemDetails(UpstreamModel):
    clientName: str | None = None
    clientVisitReference: str | None = None


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
    visitExternalSystemDetails: VisitExternalSystemDetails | None = None


class VisitPage(UpstreamModel):
    """Spring `Page`, 0-based."""

    content: list[Visit]
    totalElements: int


class VisitsClient(UpstreamClient):
    async def visit(self, reference: str) -> Visit | None:
        return await self.get(f"/visits/{path_segment(reference)}", Visit)

    async def prison_visits(
        self,
        prison_id: str,
        page: int,
        size: int,
        prisoner_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
        status: str = "BOOKED",
    ) -> VisitPage:
        """GET /visits/search: a prison's visits, optionally one prisoner's and between two dates."""
        params: dict[str, object] = {"prisonId": prison_id, "visitStatus": status, "page": page, "size": size}
        if prisoner_id is not None:
            params["prisonerId"] = prisoner_id
        if start is not None:
            params["visitStartDate"] = start.isoformat()
        if end is not None:
            params["visitEndDate"] = end.isoformat()
        answer = await self.get("/visits/search", VisitPage, params=params)
        return answer or VisitPage(content=[], totalElements=0)

    async def future_visits(self, prisoner_number: str) -> list[Visit]:
        return await self.get(f"/visits/search/future/{path_segment(prisoner_number)}", list[Visit]) or []
