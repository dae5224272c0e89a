"""A person's Contact, further: Contact.restrictions -> loaders.contact_restrictions_by_prisoner_contact_id ->
upstream/contacts.py prisoner_contact_restrictions, and Contact.details -> loaders.contact_by_id (the
record Query.contact answers, without a second query)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.context import Context
from schema import contact_details as records
from upstream import contacts as upstream


def _phone(p: upstream.ContactPhone) -> records.ContactPhone:
    return records.ContactPhone(
        phoneType=p.phoneType,
        phoneTypeDescription=p.phoneTypeDescription,
        phoneNumber=p.phoneNumber,
        extNumber=p.extNumber,
    )


def to_contact_record(c: upstream.ContactDetails) -> records.ContactRecord:
    return records.ContactRecord(
        contactId=c.id,
        titleCode=c.titleCode,
        titleDescription=c.titleDescription,
        lastName=c.lastName,
        firstName=c.firstName,
        middleNames=c.middleNames,
        dateOfBirth=c.dateOfBirth,
        isStaff=c.isStaff,
        deceasedDate=c.deceasedDate,
        languageCode=c.languageCode,
        languageDescription=c.languageDescription,
        interpreterRequired=c.interpreterRequired,
        addresses=[
            records.ContactAddress(
                addressType=a.addressType,
                addressTypeDescription=a.addressTypeDescription,
                primaryAddress=a.primaryAddress,
                flat=a.flat,
                property=a.property,
                street=a.street,
                area=a.area,
                cityCode=a.cityCode,
                cityDescription=a.cityDescription,
                countyCode=a.countyCode,
                countyDescription=a.countyDescription,
                postcode=a.postcode,
                countryCode=a.countryCode,
                countryDescription=a.countryDescription,
                verified=a.verified,
                verifiedBy=a.verifiedBy,
                # The upstream's verifiedTime: the Integration API passes createdTime here instead.
                verifiedTime=a.verifiedTime,
                mailFlag=a.mailFlag,
                startDate=a.startDate,
                endDate=a.endDate,
                noFixedAddress=a.noFixedAddress,
                comments=a.comments,
                phoneNumbers=[_phone(p) for p in a.phoneNumbers],
                createdTime=a.createdTime,
                updatedTime=a.updatedTime,
            )
            for a in c.addresses
        ],
        phoneNumbers=[_phone(p) for p in c.phoneNumbers],
        emailAddresses=[records.ContactEmail(emailAddress=e.emailAddress) for e in c.emailAddresses],
        genderCode=c.genderCode,
        genderDescription=c.genderDescription,
    )


def to_restriction(r: upstream.ContactRestrictionDetails) -> records.ContactRestriction:
    return records.ContactRestriction(
        restrictionType=r.restrictionType,
        restrictionTypeDescription=r.restrictionTypeDescription,
        startDate=r.startDate,
        expiryDate=r.expiryDate,
        comments=r.comments,
        enteredByUsername=r.enteredByUsername,
        enteredByDisplayName=r.enteredByDisplayName,
        createdBy=r.createdBy,
        createdTime=r.createdTime,
        updatedBy=r.updatedBy,
        updatedTime=r.updatedTime,
    )


@strawberry.type
class ContactDetailsFields:
    """Base of a person's Contact: its id and the fields that read more about the contact."""

    contactId: int = strawberry.field(description="Personal Relationships id of the contact, e.g. 654321.")
    # The prisoner-contact (relationship) id; None where the contact was not reached through a prisoner.
    prisoner_contact_id: strawberry.Private[int | None]

    @strawberry.field(
        description="The contact's visitor restrictions (Personal Relationships): on visiting this prisoner, and "
        "estate-wide. The Integration API's GET /v1/persons/{id}/visitor/{contactId}/restrictions."
    )
    async def restrictions(self, info: Info[Context, None]) -> records.PrisonerContactRestrictions | None:
        if self.prisoner_contact_id is None:
            return None
        found = await info.context.loaders.contact_restrictions_by_prisoner_contact_id.load(self.prisoner_contact_id)
        if found is None:
            return None
        return records.PrisonerContactRestrictions(
            prisonerContactRestrictions=[to_restriction(r) for r in found.prisonerContactRestrictions],
            contactGlobalRestrictions=[to_restriction(r) for r in found.contactGlobalRestrictions],
        )

    @strawberry.field(
        description="The contact's own record (titles, language, every address, phone and email), as "
        "Query.contact answers it; loaded only when selected, one request per contact."
    )
    async def details(self, info: Info[Context, None]) -> records.ContactRecord | None:
        found = await info.context.loaders.contact_by_id.load(self.contactId)
        return to_contact_record(found) if found else None
