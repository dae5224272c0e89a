"""Person.contacts -> loaders.contacts_by_prisoner_number_page -> upstream/contacts.py -> simulator/contacts.py"""

from __future__ import annotations

from strawberry.types import Info

from resolvers.context import Context
from resolvers.identity import HasPersonRef
from resolvers.pagination import check_page, paginate, upstream_page
from schema import contacts as types
from schema.pagination import Page
from upstream.contacts import PrisonerContactSummary


def to_prisoner_contact(c: PrisonerContactSummary) -> types.PrisonerContact:
    return types.PrisonerContact(
        contact=types.Contact(
            contactId=c.contactId, lastName=c.lastName, firstName=c.firstName, middleNames=c.middleNames,
            dateOfBirth=c.dateOfBirth, flat=c.flat, property=c.property, street=c.street, area=c.area,
            cityCode=c.cityCode, cityDescription=c.cityDescription, countyCode=c.countyCode,
            countyDescription=c.countyDescription, postCode=c.postcode, countryCode=c.countryCode,
            countryDescription=c.countryDescription, primaryAddress=c.primaryAddress, mailAddress=c.mailAddress,
            phoneType=c.phoneType, phoneTypeDescription=c.phoneTypeDescription, phoneNumber=c.phoneNumber,
            extNumber=c.extNumber),
        relationship=types.Relationship(
            relationshipTypeCode=c.relationshipTypeCode, relationshipTypeDescription=c.relationshipTypeDescription,
            relationshipToPrisonerCode=c.relationshipToPrisonerCode,
            relationshipToPrisonerDescription=c.relationshipToPrisonerDescription, approvedVisitor=c.isApprovedVisitor,
            nextOfKin=c.isNextOfKin, emergencyContact=c.isEmergencyContact, isRelationshipActive=c.isRelationshipActive,
            currentTerm=c.currentTerm, comments=c.comments),
    )


async def person_contacts(root: HasPersonRef, info: Info[Context, None], page: int,
                          per_page: int) -> Page[types.PrisonerContact]:
    check_page(page, per_page)
    if root.ref.nomis_number is None:
        return paginate([], page, per_page)
    answer = await info.context.loaders.contacts_by_prisoner_number_page.load((root.ref.nomis_number, page - 1, per_page))
    if answer is None:
        return paginate([], page, per_page)
    return upstream_page([to_prisoner_contact(c) for c in answer.content], page, per_page, answer.page.totalElements)
