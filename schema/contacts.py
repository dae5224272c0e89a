from __future__ import annotations

from datetime import date

import strawberry

from schema.node import Node


@strawberry.type(description="A person in the prisoner's contact list, with their address and phone.")
class Contact:
    contactId: int
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


@strawberry.type
class ContactPhone:
    phoneType: str | None
    phoneTypeDescription: str | None
    phoneNumber: str | None
    extNumber: str | None


@strawberry.type
class ContactEmail:
    emailAddress: str


@strawberry.type
class ContactAddress:
    addressType: str | None
    addressTypeDescription: str | None
    primaryAddress: bool | None
    flat: str | None
    property: str | None
    street: str | None
    area: str | None
    cityCode: str | None
    cityDescription: str | None
    countyCode: str | None
    countyDescription: str | None
    postcode: str | None
    countryCode: str | None
    countryDescription: str | None
    verified: bool | None
    mailFlag: bool | None
    startDate: date | None
    endDate: date | None
    noFixedAddress: bool | None
    comments: str | None
    phoneNumbers: list[ContactPhone]


@strawberry.type(description="A contact by id (GET /v1/contacts/{contactId}), with addresses, phones and emails.")
class ContactRecord(Node):
    contactId: int
    titleCode: str | None
    titleDescription: str | None
    lastName: str | None
    firstName: str | None
    middleNames: str | None
    dateOfBirth: date | None
    isStaff: bool | None
    deceasedDate: date | None
    languageCode: str | None
    languageDescription: str | None
    interpreterRequired: bool | None
    addresses: list[ContactAddress]
    phoneNumbers: list[ContactPhone]
    emailAddresses: list[ContactEmail]

    def node_key(self) -> str:
        return str(self.contactId)
