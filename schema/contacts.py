from __future__ import annotations

from datetime import date

import strawberry


@strawberry.type(description="A person in the prisoner's contact list, with their address and phone.")
class Contact:
    contactId: int = strawberry.field(
        description="The contact's id in Personal Relationships, e.g. 123456; Query.contact takes it."
    )
    lastName: str | None = strawberry.field(description="The contact's last name.")
    firstName: str | None = strawberry.field(description="The contact's first name.")
    middleNames: str | None = strawberry.field(description="The contact's middle names.")
    dateOfBirth: date | None = strawberry.field(description="The contact's date of birth, YYYY-MM-DD, when known.")
    flat: str | None = strawberry.field(description="Flat of the contact's primary address.")
    property: str | None = strawberry.field(description="House name or number of the contact's primary address.")
    street: str | None = strawberry.field(description="Street of the contact's primary address.")
    area: str | None = strawberry.field(description="Area or district of the contact's primary address.")
    cityCode: str | None = strawberry.field(description="NOMIS city code of the primary address.")
    cityDescription: str | None = strawberry.field(description="City of the primary address, e.g. Sheffield.")
    countyCode: str | None = strawberry.field(description="NOMIS county code of the primary address.")
    countyDescription: str | None = strawberry.field(description="County of the primary address.")
    postCode: str | None = strawberry.field(description="Postcode of the primary address.")
    countryCode: str | None = strawberry.field(description="Country code of the primary address, e.g. ENG.")
    countryDescription: str | None = strawberry.field(description="Country of the primary address, e.g. England.")
    primaryAddress: bool | None = strawberry.field(
        description="True when the address shown is the contact's primary address."
    )
    mailAddress: bool | None = strawberry.field(description="True when post should go to that address.")
    phoneType: str | None = strawberry.field(description="Kind of the contact's phone number, e.g. MOB.")
    phoneTypeDescription: str | None = strawberry.field(description="What the phone type means, e.g. Mobile.")
    phoneNumber: str | None = strawberry.field(description="The contact's phone number.")
    extNumber: str | None = strawberry.field(description="Phone extension, when there is one.")


@strawberry.type(description="How a contact relates to a prisoner (Personal Relationships).")
class Relationship:
    relationshipTypeCode: str | None = strawberry.field(description="S for a social contact, O for an official one.")
    relationshipTypeDescription: str | None = strawberry.field(
        description="What the relationship type means, e.g. Social."
    )
    relationshipToPrisonerCode: str | None = strawberry.field(
        description="Relationship code, e.g. MOT (mother) or SOL (solicitor)."
    )
    relationshipToPrisonerDescription: str | None = strawberry.field(description="What the code means, e.g. Mother.")
    approvedVisitor: bool | None = strawberry.field(description="True when the contact is approved to visit.")
    nextOfKin: bool | None = strawberry.field(description="True when the contact is the prisoner's next of kin.")
    emergencyContact: bool | None = strawberry.field(description="True when the contact is an emergency contact.")
    isRelationshipActive: bool | None = strawberry.field(description="True while the relationship is current.")
    currentTerm: bool | None = strawberry.field(description="True when recorded during the prisoner's current term.")
    comments: str | None = strawberry.field(description="Free text recorded with the relationship.")


@strawberry.type(description="A prisoner's contact (Personal Relationships API).")
class PrisonerContact:
    contact: Contact = strawberry.field(description="Who the contact is, with their primary address and phone.")
    relationship: Relationship = strawberry.field(description="How the contact relates to the prisoner.")


@strawberry.type(description="A phone number of a contact.")
class ContactPhone:
    phoneType: str | None = strawberry.field(description="Kind of number, e.g. MOB.")
    phoneTypeDescription: str | None = strawberry.field(description="What the kind means, e.g. Mobile.")
    phoneNumber: str | None = strawberry.field(description="The number as recorded.")
    extNumber: str | None = strawberry.field(description="Extension, when there is one.")


@strawberry.type(description="An email address of a contact.")
class ContactEmail:
    emailAddress: str = strawberry.field(description="The email address.")


@strawberry.type(description="An address of a contact in Personal Relationships.")
class ContactAddress:
    addressType: str | None = strawberry.field(description="Address type code, e.g. HOME.")
    addressTypeDescription: str | None = strawberry.field(description="What the address type means, e.g. Home address.")
    primaryAddress: bool | None = strawberry.field(description="True for the contact's primary address.")
    flat: str | None = strawberry.field(description="Flat.")
    property: str | None = strawberry.field(description="House name or number.")
    street: str | None = strawberry.field(description="Street.")
    area: str | None = strawberry.field(description="Area or district.")
    cityCode: str | None = strawberry.field(description="NOMIS city code.")
    cityDescription: str | None = strawberry.field(description="City, e.g. Sheffield.")
    countyCode: str | None = strawberry.field(description="NOMIS county code.")
    countyDescription: str | None = strawberry.field(description="County.")
    postcode: str | None = strawberry.field(description="Postcode.")
    countryCode: str | None = strawberry.field(description="Country code, e.g. ENG.")
    countryDescription: str | None = strawberry.field(description="Country, e.g. England.")
    verified: bool | None = strawberry.field(description="True when the address has been verified.")
    mailFlag: bool | None = strawberry.field(description="True when post should go to this address.")
    startDate: date | None = strawberry.field(description="First day the contact lived there.")
    endDate: date | None = strawberry.field(description="Last day; null while current.")
    noFixedAddress: bool | None = strawberry.field(description="True when the contact has no fixed address.")
    comments: str | None = strawberry.field(description="Free text recorded with the address.")
    phoneNumbers: list[ContactPhone] = strawberry.field(description="Phone numbers recorded for this address.")


@strawberry.type(description="A contact by id (GET /v1/contacts/{contactId}), with addresses, phones and emails.")
class ContactRecord:
    contactId: int = strawberry.field(description="The contact's id in Personal Relationships, e.g. 123456.")
    titleCode: str | None = strawberry.field(description="Title code, e.g. MR.")
    titleDescription: str | None = strawberry.field(description="Title, e.g. Mr.")
    lastName: str | None = strawberry.field(description="Last name.")
    firstName: str | None = strawberry.field(description="First name.")
    middleNames: str | None = strawberry.field(description="Middle names.")
    dateOfBirth: date | None = strawberry.field(description="Date of birth, YYYY-MM-DD, when known.")
    isStaff: bool | None = strawberry.field(description="True when the contact is a member of prison staff.")
    deceasedDate: date | None = strawberry.field(description="Date of death, when recorded.")
    languageCode: str | None = strawberry.field(description="Preferred language code, e.g. ENG.")
    languageDescription: str | None = strawberry.field(description="Preferred language, e.g. English.")
    interpreterRequired: bool | None = strawberry.field(description="True when the contact needs an interpreter.")
    addresses: list[ContactAddress] = strawberry.field(description="The contact's addresses, primary first.")
    phoneNumbers: list[ContactPhone] = strawberry.field(description="The contact's phone numbers.")
    emailAddresses: list[ContactEmail] = strawberry.field(description="The contact's email addresses.")
