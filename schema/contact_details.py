"""A contact's own record (Personal Relationships GET /contact/{contactId}) and their visitor
restrictions: the types Query.contact and a person's Contact share."""

from __future__ import annotations

from datetime import date, datetime

import strawberry


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
class ContactRecord:
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
