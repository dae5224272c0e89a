"""Personal Relationships API: a prisoner's contacts."""

from __future__ import annotations

from datetime import date, datetime

from upstream.base import UpstreamClient, UpstreamModel, path_segment


class AddressLines(UpstreamModel):
    """The address fields Personal Relationships uses alike in contact summaries and contact addresses."""

    flat: str | None = None
    property: str | None = None
    street: str | None = None
    area: str | None = None
    cityCode: str | None = None
    cityDescription: str | None = None
    countyCode: str | None = None
    countyDescription: str | None = None
    postcode: str | None = None
    countryCode: str | None = None
    countryDescription: str | None = None


class PrisonerContactSummary(AddressLines):
    prisonerContactId: int
    contactId: int
    prisonerNumber: str
    lastName: str | None = None
    firstName: str | None = None
    middleNames: str | None = None
    dateOfBirth: date | None = None
    relationshipTypeCode: str | None = None
    relationshipTypeDescription: str | None = None
    relationshipToPrisonerCode: str | None = None
    relationshipToPrisonerDescription: str | None = None
    primaryAddress: bool | None = None
    mailAddress: bool | None = None
    phoneType: str | None = None
    phoneTypeDescription: str | None = None
    phoneNumber: str | None = None
    extNumber: str | None = None
    isApprovedVisitor: bool | None = None
    isNextOfKin: bool | None = None
    isEmergencyContact: bool | None = None
    isRelationshipActive: bool | None = None
    currentTerm: bool | None = None
    comments: str | None = None


class PageMetadata(UpstreamModel):
    size: int
    number: int
    totalElements: int
    totalPages: int


class PrisonerContactPage(UpstreamModel):
    """Spring `PagedModel`, 0-based."""

    content: list[PrisonerContactSummary]
    page: PageMetadata


class ContactPhone(UpstreamModel):
    phoneType: str | None = None
    phoneTypeDescription: str | None = None
    phoneNumber: str | None = None
    extNumber: str | None = None


class ContactEmail(UpstreamModel):
    emailAddress: str


class ContactAddress(AddressLines):
    addressType: str | None = None
    addressTypeDescription: str | None = None
    primaryAddress: bool | None = None
    verified: bool | None = None
    verifiedBy: str | None = None
    verifiedTime: datetime | None = None
    mailFlag: bool | None = None
    startDate: date | None = None
    endDate: date | None = None
    noFixedAddress: bool | None = None
    comments: str | None = None
    phoneNumbers: list[ContactPhone] = []
    createdTime: datetime | None = None
    updatedTime: datetime | None = None


class ContactDetails(UpstreamModel):
    id: int
    titleCode: str | None = None
    titleDescription: str | None = None
    lastName: str | None = None
    firstName: str | None = None
    middleNames: str | None = None
    dateOfBirth: date | None = None
    isStaff: bool | None = None
    deceasedDate: date | None = None
    languageCode: str | None = None
    languageDescription: str | None = None
    interpreterRequired: bool | None = None
    addresses: list[ContactAddress] = []
    phoneNumbers: list[ContactPhone] = []
    emailAddresses: list[ContactEmail] = []
    genderCode: str | None = None
    genderDescription: str | None = None


class ContactRestrictionDetails(UpstreamModel):
    """Both PrisonerContactRestrictionDetails and ContactRestrictionDetails: the fields the graph maps."""

    contactId: int
    restrictionType: str
    restrictionTypeDescription: str
    startDate: date | None = None
    expiryDate: date | None = None
    comments: str | None = None
    enteredByUsername: str
    enteredByDisplayName: str
    createdBy: str
    createdTime: datetime
    updatedBy: str | None = None
    updatedTime: datetime | None = None


class PrisonerContactRestrictions(UpstreamModel):
    prisonerContactRestrictions: list[ContactRestrictionDetails] = []
    contactGlobalRestrictions: list[ContactRestrictionDetails] = []


class ContactsClient(UpstreamClient):
    async def contact(self, contact_id: int) -> ContactDetails | None:
        return await self.get(f"/contact/{path_segment(contact_id)}", ContactDetails)

    async def prisoner_contacts(self, prisoner_number: str, page: int, size: int) -> PrisonerContactPage | None:
        return await self.get(
            f"/prisoner/{path_segment(prisoner_number)}/contact",
            PrisonerContactPage,
            params={"page": page, "size": size},
        )

    async def prisoner_contact_restrictions(self, prisoner_contact_id: int) -> PrisonerContactRestrictions | None:
        """The restrictions on one relationship (prisoner and contact) and the contact's global ones."""
        return await self.get(
            f"/prisoner-contact/{path_segment(prisoner_contact_id)}/restriction", PrisonerContactRestrictions
        )
