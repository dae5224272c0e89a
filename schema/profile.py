"""Person's own value types: aliases, identifiers, contact details, protected characteristics, IEP."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from resolvers.context import Context
from resolvers.identity import PersonRef, crn_of, probation_case


@strawberry.type
class Alias:
    firstName: str | None
    lastName: str | None
    middleName: str | None
    dateOfBirth: date | None
    gender: str | None
    ethnicity: str | None


@strawberry.type
class Identifiers:
    """Each number is looked up only if selected: a NOMIS number alone costs no upstream request."""

    ref: strawberry.Private[PersonRef]
    nomisNumber: str | None

    @strawberry.field
    async def croNumber(self, info: Info[Context, None]) -> str | None:
        case = await probation_case(self.ref, info)
        if case is not None and case.otherIds.croNumber is not None:
            return case.otherIds.croNumber
        if self.ref.nomis_number is None:
            return None
        prisoner = await info.context.loaders.prisoner_by_prisoner_number.load(self.ref.nomis_number)
        return prisoner.croNumber if prisoner else None

    @strawberry.field
    async def deliusCrn(self, info: Info[Context, None]) -> str | None:
        return await crn_of(self.ref, info)


@strawberry.type
class PhoneNumber:
    number: str | None
    type: str | None


@strawberry.type
class ContactDetails:
    phoneNumbers: list[PhoneNumber]
    emails: list[str]


@strawberry.type
class CodeDescription:
    code: str | None
    description: str | None


@strawberry.type
class Disability:
    disabilityType: CodeDescription | None
    condition: CodeDescription | None
    startDate: date | None
    endDate: date | None
    notes: str | None


@strawberry.type(description="Protected characteristics (Equality Act 2010), from probation and prison records.")
class ProtectedCharacteristics:
    age: int | None
    gender: str | None
    sexualOrientation: str | None
    ethnicity: str | None
    nationality: str | None
    religion: str | None
    disabilities: list[Disability]
    maritalStatus: str | None


@strawberry.type(description="The prisoner's incentive (IEP) level, from prisoner search's current incentive.")
class IEPLevel:
    iepCode: str | None
    iepLevel: str | None
