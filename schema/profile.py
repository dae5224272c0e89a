"""Person's own value types: aliases, identifiers, contact details, protected characteristics, IEP."""

from __future__ import annotations

from datetime import date

import strawberry


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
    nomisNumber: str | None
    croNumber: str | None
    deliusCrn: str | None


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
