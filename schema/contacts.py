from __future__ import annotations

from datetime import date

import strawberry

from resolvers.contact_details import ContactDetailsFields


@strawberry.type(description="A person in the prisoner's contact list, with their address and phone.")
class Contact(ContactDetailsFields):
    lastName: str | None
    firstName: str | None
    middleNames: str | None
    dateOfBirth: date | None
    flat: str | None
    property: str | None
    street: str | None
    area: str | None
    cityCode: str | None
    cityDescription: str | None
    countyCode: str | None
    countyDescription: str | None
    postCode: str | None
    countryCode: str | None
    countryDescription: str | None
    primaryAddress: bool | None
    mailAddress: bool | None
    phoneType: str | None
    phoneTypeDescription: str | None
    phoneNumber: str | None
    extNumber: str | None


@strawberry.type
class Relationship:
    relationshipTypeCode: str | None
    relationshipTypeDescription: str | None
    relationshipToPrisonerCode: str | None
    relationshipToPrisonerDescription: str | None
    approvedVisitor: bool | None
    nextOfKin: bool | None
    emergencyContact: bool | None
    isRelationshipActive: bool | None
    currentTerm: bool | None
    comments: str | None


@strawberry.type(description="A prisoner's contact (Personal Relationships API).")
class PrisonerContact:
    contact: Contact
    relationship: Relationship
