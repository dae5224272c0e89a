"""Prisoner Search (prisoner-offender-search)."""

from __future__ import annotations

from datetime import date

from upstream.base import UpstreamClient, UpstreamModel, path_segment


class PrisonerAlias(UpstreamModel):
    firstName: str | None = None
    middleNames: str | None = None
    lastName: str | None = None
    dateOfBirth: date | None = None
    gender: str | None = None
    ethnicity: str | None = None


class IncentiveLevel(UpstreamModel):
    code: str | None = None
    description: str | None = None


class CurrentIncentive(UpstreamModel):
    level: IncentiveLevel | None = None


class Prisoner(UpstreamModel):
    prisonerNumber: str
    pncNumber: str | None = None
    croNumber: str | None = None
    bookingId: str | None = None
    firstName: str | None = None
    middleNames: str | None = None
    lastName: str | None = None
    dateOfBirth: date | None = None
    gender: str | None = None
    ethnicity: str | None = None
    maritalStatus: str | None = None
    religion: str | None = None
    nationality: str | None = None
    status: str | None = None
    inOutStatus: str | None = None
    prisonId: str | None = None
    prisonName: str | None = None
    lastPrisonId: str | None = None
    cellLocation: str | None = None
    aliases: list[PrisonerAlias] = []
    csra: str | None = None
    category: str | None = None
    receptionDate: date | None = None
    youthOffender: bool | None = None
    currentIncentive: CurrentIncentive | None = None


class PrisonerPage(UpstreamModel):
    """Spring `Page`, 0-based."""

    content: list[Prisoner]
    totalElements: int
    totalPages: int
    size: int
    number: int


class PrisonerSearchClient(UpstreamClient):
    async def prisoners_by_numbers(self, numbers: list[str]) -> list[Prisoner]:
        return (
            await self.post(
                "/prisoner-search/prisoner-numbers", {"prisonerNumbers": numbers}, list[Prisoner], idempotent=True
            )
            or []
        )

    async def prisoner(self, number: str) -> Prisoner | None:
        return await self.get(f"/prisoner/{path_segment(number)}", Prisoner)

    async def prison_prisoners(self, prison_id: str, page: int, size: int) -> PrisonerPage | None:
        return await self.get(
            f"/prison/{path_segment(prison_id)}/prisoners",
            PrisonerPage,
            params={"page": page, "size": size, "sort": "lastName,firstName,prisonerNumber"},
        )

    async def attribute_search(self, query: dict[str, object], page: int, size: int) -> PrisonerPage:
        """POST /attribute-search: matchers joined by AND/OR; the prison filter goes in as a matcher."""
        body = {**query, "pagination": {"page": page, "size": size}}
        page_ = await self.post(
            "/attribute-search", body, PrisonerPage, params={"page": page, "size": size}, idempotent=True
        )
        return page_ or PrisonerPage(content=[], totalElements=0, totalPages=0, size=size, number=page)

    async def global_search(self, criteria: dict[str, object], page: int, size: int) -> PrisonerPage:
        page_ = await self.post(
            "/global-search", criteria, PrisonerPage, params={"page": page, "size": size}, idempotent=True
        )
        return page_ or PrisonerPage(content=[], totalElements=0, totalPages=0, size=size, number=page)
