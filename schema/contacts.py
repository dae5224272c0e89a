from __future__ import annotations

from datetime import date

import strawberry

from resolvers.contact_details import ContactDetailsFields


@strawberry.type(description="A person in the prisoner's contact list, with their address and phone.")
class Contact(ContactDetailsFields):
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
