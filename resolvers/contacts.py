"""Person.contacts -> loaders.contacts_by_prisoner_number_page -> upstream/contacts.py -> simulator/contacts.py"""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.contact_details import to_contact_record
from resolvers.context import Context
from resolvers.errors import NotFound
from resolvers.identity import HasPersonRef, PersonPart
from resolvers.pagination import check_page, paginate, upstream_page
from schema import contact_details
from schema import contacts as types
from schema.pagination import Page, PageNumber, PerPage
from schema.permissions import PrisonFiltered
from upstream import contacts as upstream


def to_prisoner_contact(c: upstream.PrisonerContactSummary) -> types.PrisonerContact:
    return types.PrisonerContact(
        contact=types.Contact(
            contactId=c.contactId,
            prisoner_contact_id=c.prisonerContactId,
            lastName=c.lastName,
            firstName=c.firstName,
            middleNames=c.middleNames,
            dateOfBirth=c.dateOfBirth,
            flat=c.flat,
            property=c.property,
            street=c.street,
            area=c.area,
            cityCode=c.cityCode,
            cityDescription=c.cityDescription,
            countyCode=c.countyCode,
            countyDescription=c.countyDescription,
            postCode=c.postcode,
            countryCode=c.countryCode,
            countryDescription=c.countryDescription,
            primaryAddress=c.primaryAddress,
            mailAddress=c.mailAddress,
            phoneType=c.phoneType,
            phoneTypeDescription=c.phoneTypeDescription,
            phoneNumber=c.phoneNumber,
            extNumber=c.extNumber,
        ),
        relationship=types.Relationship(
            relationshipTypeCode=c.relationshipTypeCode,
            relationshipTypeDescription=c.relationshipTypeDescription,
            relationshipToPrisonerCode=c.relationshipToPrisonerCode,
            relationshipToPrisonerDescription=c.relationshipToPrisonerDescription,
            approvedVisitor=c.isApprovedVisitor,
            nextOfKin=c.isNextOfKin,
            emergencyContact=c.isEmergencyContact,
            isRelationshipActive=c.isRelationshipActive,
            currentTerm=c.currentTerm,
            comments=c.comments,
        ),
    )


async def person_contacts(
    root: HasPersonRef, info: Info[Context, None], page: int, per_page: int
) -> Page[types.PrisonerContact]:
    check_page(page, per_page)
    if root.ref.nomis_number is None:
        return paginate([], page, per_page)
    answer = await info.context.loaders.contacts_by_prisoner_number_page.load(
        (root.ref.nomis_number, page - 1, per_page)
    )
    if answer is None:
        return paginate([], page, per_page)
    return upstream_page([to_prisoner_contact(c) for c in answer.content], page, per_page, answer.page.totalElements)


async def contact_by_id(info: Info[Context, None], contact_id: int) -> contact_details.ContactRecord:
    """Query.contact -> loaders.contact_by_id -> upstream/contacts.py GET /contact/{contactId}."""
    found = await info.context.loaders.contact_by_id.load(contact_id)
    if found is None:
        raise NotFound(f"Could not find contact with id: {contact_id}")
    return to_contact_record(found)


@strawberry.type
class ContactFields(PersonPart):
    @strawberry.field(description="The prisoner's contacts (Personal Relationships).", extensions=[PrisonFiltered()])
    async def contacts(
        self, info: Info[Context, None], page: PageNumber = 1, per_page: PerPage = 10
    ) -> Page[types.PrisonerContact] | None:
        return await person_contacts(self, info, page, per_page)
