from __future__ import annotations

import re
from datetime import date

import strawberry
from strawberry.types import Info

from resolvers import person as resolve
from resolvers.errors import BadUserInput
from schema.pagination import Page
from schema.person import Person, Prison

PRISON_ID = re.compile(r"^[A-Z]{3}$")


@strawberry.type
class Query:
    @strawberry.field(description="One person by CRN, NOMIS prisoner number or PNC number; null with NOT_FOUND if unknown.")
    async def person(self, info: Info, hmpps_id: strawberry.ID) -> Person | None:
        return await resolve.find_person(info, str(hmpps_id))

    @strawberry.field(description="Search people in probation and prison, newest date of birth first (GET /v1/persons).")
    async def persons(self, info: Info, first_name: str | None = None, last_name: str | None = None,
                      pnc_number: str | None = None, date_of_birth: date | None = None,
                      search_within_aliases: bool = False, page: int = 1, per_page: int = 10) -> Page[Person]:
        return await resolve.search_persons(info, first_name, last_name, pnc_number,
                                            date_of_birth.isoformat() if date_of_birth else None,
                                            search_within_aliases, page, per_page)

    @strawberry.field(description="Search prisoner search only (GET /v1/prison/prisoners).")
    async def prisoners(self, info: Info, first_name: str | None = None, last_name: str | None = None,
                        date_of_birth: date | None = None, search_within_aliases: bool = False,
                        page: int = 1, per_page: int = 10) -> Page[Person]:
        return await resolve.search_prisoners(info, first_name, last_name,
                                              date_of_birth.isoformat() if date_of_birth else None,
                                              search_within_aliases, page, per_page)

    @strawberry.field(description="A prison by its three-letter code, e.g. MDI.")
    def prison(self, prison_id: strawberry.ID) -> Prison:
        if not PRISON_ID.match(str(prison_id)):
            raise BadUserInput("prisonId must be a three-letter prison code such as MDI", argument="prisonId")
        return Prison(prisonId=prison_id)
