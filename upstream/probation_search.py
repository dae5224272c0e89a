"""Probation Offender Search."""

from __future__ import annotations

from datetime import date

from upstream.base import UpstreamClient, UpstreamModel


class OtherIds(UpstreamModel):
    crn: str
    pncNumber: str | None = None
    croNumber: str | None = None
    nomsNumber: str | None = None


class PhoneNumber(UpstreamModel):
    number: str | None = None
    type: str | None = None


class ContactDetails(UpstreamModel):
    phoneNumbers: list[PhoneNumber] | None = None
    emailAddresses: list[str] | None = None


class OffenderAlias(UpstreamModel):
    firstName: str | None = None
    middleNames: list[str] | None = None
    surname: str | None = None
    dateOfBirth: date | None = None
    gender: str | None = None


class KeyValue(UpstreamModel):
    code: str | None = None
    description: str | None = None


class Disability(UpstreamModel):
    disabilityType: KeyValue | None = None
    condition: KeyValue | None = None
    startDate: date | None = None
    endDate: date | None = None
    notes: str | None = None


class OffenderProfile(UpstreamModel):
    ethnicity: str | None = None
    nationality: str | None = None
    religion: str | None = None
    sexualOrientation: str | None = None
    disabilities: list[Disability] | None = None


class OffenderDetail(UpstreamModel):
    offenderId: int
    otherIds: OtherIds
    firstName: str | None = None
    middleNames: list[str] | None = None
    surname: str | None = None
    dateOfBirth: date | None = None
    gender: str | None = None
    contactDetails: ContactDetails | None = None
    offenderProfile: OffenderProfile | None = None
    offenderAliases: list[OffenderAlias] | None = None
    currentRestriction: bool | None = None
    restrictionMessage: str | None = None
    currentExclusion: bool | None = None
    exclusionMessage: str | None = None


class ProbationSearchClient(UpstreamClient):
    async def offenders_by_crns(self, crns: list[str]) -> list[OffenderDetail]:
        return await self.post("/crns", crns, list[OffenderDetail], idempotent=True) or []

    async def offenders_by_noms_numbers(self, numbers: list[str]) -> list[OffenderDetail]:
        return await self.post("/nomsNumbers", numbers, list[OffenderDetail], idempotent=True) or []

    async def search(self, criteria: dict[str, object]) -> list[OffenderDetail]:
        return await self.post("/search", criteria, list[OffenderDetail], idempotent=True) or []
