from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from access.visibility import may_see_prison
from resolvers import contacts, ids, locations, reference_data, search, visits
from resolvers import person as resolve
from resolvers.errors import BadUserInput, Forbidden, NotFound
from schema.contacts import ContactRecord
from schema.node import Node
from schema.pagination import Page
from schema.person import Person, Prison, as_people, as_person
from schema.reference_data import ReferenceData
from schema.visits import Visit

# The root field whose role permission and filters `Query.node` applies to each type: the same
# access control as fetching the object from its own root (locations are their prison's).
NODE_ROOTS = {
    "Person": "person",
    "Prison": "prison",
    "Location": "prison",
    "Visit": "visit",
    "ContactRecord": "contact",
}
MAX_NODES = 100


def find_prison(info: Info, prison_id: object) -> Prison:
    code = ids.prison_id(prison_id)
    if not may_see_prison(info.context.consumer.filters, code):
        raise NotFound(f"Could not find prison {code}")
    return Prison(prisonId=strawberry.ID(code))


async def find_node(info: Info, node_id: object) -> Node:
    type_name, key = ids.node_id(node_id)
    root = NODE_ROOTS[type_name]
    if not info.context.consumer.may_read("Query", root):
        raise Forbidden(f"Not permitted to read Query.{root}")
    if type_name == "Person":
        return as_person(await resolve.find_person(info, key))
    if type_name == "Prison":
        return find_prison(info, key)
    if type_name == "Location":
        return await locations.location(info, key)
    if type_name == "Visit":
        return await visits.visit_by_reference(info, key)
    return await contacts.contact_by_id(info, int(key))


@strawberry.type
class Query:
    @strawberry.field(
        description="Any object with an id (Person, Location, Visit ...) by that id, as client caches and Relay "
        "refetch it; null with NOT_FOUND where its own root field would not find it."
    )
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await find_node(info, id)

    @strawberry.field(
        description=f"Several objects by id (at most {MAX_NODES}), in the order asked; each one not found is null "
        "with its own error."
    )
    def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            raise BadUserInput(f"ids may hold at most {MAX_NODES} ids", argument="ids")
        return [find_node(info, node_id) for node_id in ids]  # type: ignore[misc]  # each awaited, and fails, alone

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
        return find_prison(info, prison_id)

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
