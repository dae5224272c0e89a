from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from access.visibility import may_see_prison
from resolvers import contacts, ids, locations, reference_data, search, visits
from resolvers import person as resolve
from resolvers.errors import BadUserInput, Forbidden, NotFound
from resolvers.pagination import paginate
from schema.contact_details import ContactRecord
from schema.node import Node
from schema.pagination import Page, PageNumber, PerPage
from schema.person import Person, Prison, as_people, as_person
from schema.reference_data import ReferenceData
from schema.visits import Visit, VisitStatus

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


# The search arguments persons and prisoners share, described once.
FirstName = Annotated[str | None, strawberry.argument(description="First name, exact match (case-insensitive).")]
LastName = Annotated[str | None, strawberry.argument(description="Last name, exact match (case-insensitive).")]
DateOfBirth = Annotated[date | None, strawberry.argument(description="Date of birth, YYYY-MM-DD.")]
SearchWithinAliases = Annotated[
    bool, strawberry.argument(description="Also match the names and dates of birth of aliases.")
]
PrisonCode = Annotated[
    strawberry.ID, strawberry.argument(description="A prison's three-letter code, e.g. MDI (case-insensitive).")
]


@strawberry.type(description="The graph's entry points.")
class Query:
    @strawberry.field(
        description="Any object with an id (Person, Location, Visit ...) by that id, as client caches and Relay "
        "refetch it; null with NOT_FOUND where its own root field would not find it."
    )
    async def node(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID,
            strawberry.argument(
                description="A Node's id, as any object's `id` field gives it (opaque: do not build one)."
            ),
        ],
    ) -> Node | None:
        return await find_node(info, id)

    @strawberry.field(
        description=f"Several objects by id (at most {MAX_NODES}), in the order asked; each one not found is null "
        "with its own error."
    )
    def nodes(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(
                description="Up to 100 Node ids; each answer is at the same index, null (with an error) when not found."
            ),
        ],
    ) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            raise BadUserInput(f"ids may hold at most {MAX_NODES} ids", argument="ids")
        return [find_node(info, node_id) for node_id in ids]  # type: ignore[misc]  # each awaited, and fails, alone

    @strawberry.field(
        description="One person by CRN, NOMIS prisoner number or PNC number; null with NOT_FOUND if unknown."
    )
    async def person(
        self,
        info: Info,
        hmpps_id: Annotated[
            strawberry.ID,
            strawberry.argument(
                description="A CRN (X123456), NOMIS number (A1234BC) or PNC number (2008/0545166T), any case."
            ),
        ],
    ) -> Person | None:
        return as_person(await resolve.find_person(info, str(hmpps_id)))

    @strawberry.field(
        description="Search people in probation and prison, newest date of birth first (GET /v1/persons)."
    )
    async def persons(
        self,
        info: Info,
        first_name: FirstName = None,
        last_name: LastName = None,
        pnc_number: Annotated[str | None, strawberry.argument(description="PNC number, e.g. 2008/0545166T.")] = None,
        date_of_birth: DateOfBirth = None,
        search_within_aliases: SearchWithinAliases = False,
        page: PageNumber = 1,
        per_page: PerPage = 10,
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
        first_name: FirstName = None,
        last_name: LastName = None,
        date_of_birth: DateOfBirth = None,
        search_within_aliases: SearchWithinAliases = False,
        page: PageNumber = 1,
        per_page: PerPage = 10,
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
    def prison(
        self,
        info: Info,
        prison_id: PrisonCode,
    ) -> Prison | None:
        return find_prison(info, prison_id)

    @strawberry.field(description="Code descriptions for the values the graph returns (GET /v1/hmpps/reference-data).")
    async def referenceData(self, info: Info) -> ReferenceData | None:
        return await reference_data.reference_data(info)

    @strawberry.field(description="One visit by its reference (GET /v1/visit/{visitReference}).")
    async def visit(
        self,
        info: Info,
        reference: Annotated[str, strawberry.argument(description="The visit's reference, e.g. ab-cd-ef-gh.")],
    ) -> Visit | None:
        return await visits.visit_by_reference(info, ids.visit_reference(reference))

    @strawberry.field(
        description="Visits in a prison, soonest first (GET /v1/prison/{prisonId}/visit/search); prison-filtered."
    )
    async def visits(
        self,
        info: Info,
        prison_id: PrisonCode,
        hmpps_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only this person's visits: a CRN, NOMIS number or PNC number."),
        ] = None,
        from_date: Annotated[
            date | None, strawberry.argument(description="Only visits on or after this day, YYYY-MM-DD.")
        ] = None,
        to_date: Annotated[
            date | None, strawberry.argument(description="Only visits on or before this day, YYYY-MM-DD.")
        ] = None,
        visit_status: Annotated[
            VisitStatus, strawberry.argument(description="BOOKED (the default) or CANCELLED visits.")
        ] = VisitStatus.BOOKED,
        page: PageNumber = 1,
        per_page: PerPage = 10,
    ) -> Page[Visit] | None:
        code = ids.prison_id(prison_id)
        if not may_see_prison(info.context.consumer.filters, code):
            raise NotFound(f"Could not find prison {code}")
        prisoner_number = None
        if hmpps_id is not None:  # the person must be one the consumer may see, and known to NOMIS
            record = await resolve.find_person(info, str(hmpps_id))
            prisoner_number = record.ref.nomis_number
            if prisoner_number is None:
                return paginate([], page, per_page)
        return await visits.prison_visits(
            info, code, page, per_page, prisoner_number, from_date, to_date, visit_status.value
        )

    @strawberry.field(
        description="A contact by id, with addresses, phone numbers and emails (GET /v1/contacts/{contactId})."
    )
    async def contact(
        self,
        info: Info,
        contact_id: Annotated[
            strawberry.ID, strawberry.argument(description="The contact's id in Personal Relationships, e.g. 123456.")
        ],
    ) -> ContactRecord | None:
        return await contacts.contact_by_id(info, ids.contact_id(contact_id))
