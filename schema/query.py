from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from access.visibility import may_see_prison
from resolvers import contacts, ids, reference_data, search, visits
from resolvers import person as resolve
from resolvers.errors import NotFound
from schema.contact_details import ContactRecord
from schema.pagination import Page
from schema.person import Person, Prison, as_people, as_person
from schema.reference_data import ReferenceData
from schema.visits import Visit


@strawberry.type
class Query:
    @strawberry.field(
        description="One person by CRN, NOMIS prisoner number or PNC number; null with NOT_FOUND if unknown."
    )
    async def person(self, info: Info, hmpps_id: strawberry.ID) -> Person | None:
        return as_person(await resolve.find_person(info, str(hmpps_id)))

    @strawberry.field(
        description="Search people in probation and prison, newest date of birth first (GET /v1/persons)."
    )
    async def persons(
        self,
        info: Info,
        first_name: str | None = None,
        last_name: str | None = None,
        pnc_number: str | None = None,
        date_of_birth: date | None = None,
        search_within_aliases: bool = False,
        page: int = 1,
        per_page: int = 10,
    ) -> Page[Person] | None:
        return as_people(
            await search.search_persons(
                info,
                ids.search_text(first_name, "firstName"),
                ids.search_text(last_name, "lastName"),
                ids.optional_pnc(pnc_number),
                date_of_birth.isoformat() if date_of_birth else None,
                search_within_aliases,
                page,
                per_page,
            )
        )

    @strawberry.field(description="Search prisoner search only (GET /v1/prison/prisoners).")
    async def prisoners(
        self,
        info: Info,
        first_name: str | None = None,
        last_name: str | None = None,
        date_of_birth: date | None = None,
        search_within_aliases: bool = False,
        page: int = 1,
        per_page: int = 10,
    ) -> Page[Person] | None:
        return as_people(
            await search.search_prisoners(
                info,
                ids.search_text(first_name, "firstName"),
                ids.search_text(last_name, "lastName"),
                date_of_birth.isoformat() if date_of_birth else None,
                search_within_aliases,
                page,
                per_page,
            )
        )

    @strawberry.field(description="A prison by its three-letter code, e.g. MDI.")
    def prison(self, info: Info, prison_id: strawberry.ID) -> Prison | None:
        code = ids.prison_id(prison_id)
        if not may_see_prison(info.context.consumer.filters, code):
            raise NotFound(f"Could not find prison {code}")
        return Prison(prisonId=strawberry.ID(code))

    @strawberry.field(description="Code descriptions for the values the graph returns (GET /v1/hmpps/reference-data).")
    async def referenceData(self, info: Info) -> ReferenceData | None:
        return await reference_data.reference_data(info)

    @strawberry.field(description="One visit by its reference (GET /v1/visit/{visitReference}).")
    async def visit(self, info: Info, reference: str) -> Visit | None:
        return await visits.visit_by_reference(info, ids.visit_reference(reference))

    @strawberry.field(description="Booked visits in a prison, soonest first.")
    async def visits(
        self, info: Info, prison_id: strawberry.ID, page: int = 1, per_page: int = 10
    ) -> Page[Visit] | None:
        code = ids.prison_id(prison_id)
        if not may_see_prison(info.context.consumer.filters, code):
            raise NotFound(f"Could not find prison {code}")
        return await visits.prison_visits(info, code, page, per_page)

    @strawberry.field(
        description="A contact by id, with addresses, phone numbers and emails (GET /v1/contacts/{contactId})."
    )
    async def contact(self, info: Info, contact_id: strawberry.ID) -> ContactRecord | None:
        return await contacts.contact_by_id(info, ids.contact_id(contact_id))
