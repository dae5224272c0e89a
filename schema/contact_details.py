"""A contact's own record (Personal Relationships GET /contact/{contactId}) and their visitor
restrictions: the types Query.contact and a person's Contact share."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from schema.node import Node


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
    verifiedBy: str | None = strawberry.field(
        description="Username of whoever verified the address by postcode lookup, e.g. NJKG44D."
    )
    verifiedTime: datetime | None = strawberry.field(
        description="When the address was verified by postcode lookup; null while unverified."
    )
    mailFlag: bool | None = strawberry.field(description="True when post should go to this address.")
    startDate: date | None = strawberry.field(description="First day the contact lived there.")
    endDate: date | None = strawberry.field(description="Last day; null while current.")
    noFixedAddress: bool | None = strawberry.field(description="True when the contact has no fixed address.")
    comments: str | None = strawberry.field(description="Free text recorded with the address.")
    phoneNumbers: list[ContactPhone] = strawberry.field(description="Phone numbers recorded for this address.")
    createdTime: datetime | None = strawberry.field(description="When the address was recorded.")
    updatedTime: datetime | None = strawberry.field(description="When the address was last changed; null if never.")


@strawberry.type(description="A contact by id (GET /v1/contacts/{contactId}), with addresses, phones and emails.")
class ContactRecord(Node):
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
    genderCode: str | None = strawberry.field(description="NOMIS gender code, e.g. M or F (reference data GENDER).")
    genderDescription: str | None = strawberry.field(description="What the gender code means, e.g. Male.")

    def node_key(self) -> str:
        return str(self.contactId)


@strawberry.type(
    description="A contact's visitor restriction, from Personal Relationships (Integration API: ContactRestriction)."
)
class ContactRestriction:
    restrictionType: str = strawberry.field(description="Restriction code, e.g. BAN, CLOSED or NONCON.")
    restrictionTypeDescription: str = strawberry.field(description="What the code means, e.g. Banned.")
    startDate: date | None = strawberry.field(description="First day it applies.")
    expiryDate: date | None = strawberry.field(description="Last day it applies; null when open-ended.")
    comments: str | None = strawberry.field(description="Free text recorded with it.")
    enteredByUsername: str = strawberry.field(description="User name of whoever entered it.")
    enteredByDisplayName: str = strawberry.field(description="Name of whoever entered it.")
    createdBy: str = strawberry.field(description="User name that created the record.")
    createdTime: datetime = strawberry.field(description="When the record was created.")
    updatedBy: str | None = strawberry.field(description="User name that last changed it.")
    updatedTime: datetime | None = strawberry.field(description="When it was last changed.")


@strawberry.type(
    description="A contact's visitor restrictions: those on their relationship with this prisoner, and their "
    "global (estate-wide) ones."
)
class PrisonerContactRestrictions:
    prisonerContactRestrictions: list[ContactRestriction] = strawberry.field(
        description="Restrictions on visiting this prisoner only."
    )
    contactGlobalRestrictions: list[ContactRestriction] = strawberry.field(
        description="Restrictions on the contact wherever they visit."
    )
