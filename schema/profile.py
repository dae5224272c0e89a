"""Person's own value types: aliases, identifiers, contact details, protected characteristics, IEP."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from resolvers.context import Context
from resolvers.identity import PersonRef, crn_of, probation_case
from resolvers.reasonable_adjustments import reasonable_adjustments
from schema.reasonable_adjustments import ReasonableAdjustment


@strawberry.type(description="Another name the person is or was known by, as recorded in NOMIS or nDelius.")
class Alias:
    firstName: str | None = strawberry.field(description="First name used in the alias.")
    lastName: str | None = strawberry.field(description="Last name used in the alias.")
    middleName: str | None = strawberry.field(description="Middle names used in the alias, space separated.")
    dateOfBirth: date | None = strawberry.field(description="Date of birth given with the alias, YYYY-MM-DD.")
    gender: str | None = strawberry.field(description="Gender given with the alias.")
    ethnicity: str | None = strawberry.field(description="Ethnicity given with the alias (NOMIS only).")


@strawberry.type(description="The person's numbers in each system.")
class Identifiers:
    """Each number is looked up only if selected: a NOMIS number alone costs no upstream request."""

    ref: strawberry.Private[PersonRef]
    nomisNumber: str | None = strawberry.field(
        description="NOMIS prisoner number, e.g. A1234BC; null for people never in prison."
    )

    @strawberry.field(description="Criminal Records Office number, e.g. 123456/08X.")
    async def croNumber(self, info: Info[Context, None]) -> str | None:
        case = await probation_case(self.ref, info)
        if case is not None and case.otherIds.croNumber is not None:
            return case.otherIds.croNumber
        if self.ref.nomis_number is None:
            return None
        prisoner = await info.context.loaders.prisoner_by_prisoner_number.load(self.ref.nomis_number)
        return prisoner.croNumber if prisoner else None

    @strawberry.field(
        description="nDelius case reference number (CRN), e.g. X123456; null when probation does not know the person."
    )
    async def deliusCrn(self, info: Info[Context, None]) -> str | None:
        return await crn_of(self.ref, info)


@strawberry.type(description="A phone number probation holds for the person.")
class PhoneNumber:
    number: str | None = strawberry.field(description="The number as recorded, e.g. 07700 900123.")
    type: str | None = strawberry.field(description="What kind of number it is, e.g. MOBILE or TELEPHONE.")


@strawberry.type(description="How to reach the person, from their probation record.")
class ContactDetails:
    phoneNumbers: list[PhoneNumber] = strawberry.field(description="Phone numbers probation holds.")
    emails: list[str] = strawberry.field(description="Email addresses probation holds.")


@strawberry.type(description="A reference code with its description.")
class CodeDescription:
    code: str | None = strawberry.field(description="The code, e.g. VI.")
    description: str | None = strawberry.field(description="What the code means, e.g. Visual Impairment.")


@strawberry.type(description="A disability recorded on the person's probation profile.")
class Disability:
    disabilityType: CodeDescription | None = strawberry.field(description="The kind of disability.")
    condition: CodeDescription | None = strawberry.field(description="The condition recorded, when there is one.")
    startDate: date | None = strawberry.field(description="When it was recorded as starting.")
    endDate: date | None = strawberry.field(description="When it was recorded as ending; null while current.")
    notes: str | None = strawberry.field(description="Free text recorded with it.")


@strawberry.type(description="Protected characteristics (Equality Act 2010), from probation and prison records.")
class ProtectedCharacteristics:
    age: int | None = strawberry.field(description="Age in whole years today, from the date of birth.")
    gender: str | None = strawberry.field(description="Gender, e.g. Male.")
    sexualOrientation: str | None = strawberry.field(description="Sexual orientation as recorded by probation.")
    ethnicity: str | None = strawberry.field(description="Ethnicity, e.g. White: Eng./Welsh/Scot./N.Irish/British.")
    nationality: str | None = strawberry.field(description="Nationality, e.g. British.")
    religion: str | None = strawberry.field(description="Religion or belief, e.g. Church of England.")
    disabilities: list[Disability] = strawberry.field(description="Disabilities recorded by probation.")
    maritalStatus: str | None = strawberry.field(description="Marital or civil partnership status, from NOMIS.")
    booking_id: strawberry.Private[int | None]  # the prisoner's current NOMIS booking, for reasonableAdjustments

    @strawberry.field(
        description="Adjustments NOMIS records for the prisoner's health or disabilities (Prison API); empty for "
        "someone never booked into prison; null when Prison API fails. Read only when selected."
    )
    async def reasonableAdjustments(self, info: Info[Context, None]) -> list[ReasonableAdjustment] | None:
        return await reasonable_adjustments(info, self.booking_id)


@strawberry.type(description="The prisoner's incentive (IEP) level, from prisoner search's current incentive.")
class IEPLevel:
    iepCode: str | None = strawberry.field(description="Incentive level code, e.g. STD.")
    iepLevel: str | None = strawberry.field(description="Incentive level name, e.g. Standard.")
