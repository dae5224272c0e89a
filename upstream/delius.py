"""The Delius integration for the Integration API: supervisions and limited-access checks."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from upstream.base import UpstreamClient, UpstreamModel, path_segment


class MappaDetail(UpstreamModel):
    level: int | None = None
    levelDescription: str | None = None
    category: int | None = None
    categoryDescription: str | None = None
    startDate: dt.date | None = None
    reviewDate: dt.date | None = None
    notes: str | None = None


class DeliusSentence(UpstreamModel):
    description: str | None = None
    date: dt.date | None = None
    length: int | None = None
    lengthUnits: str | None = None
    custodial: bool | None = None


class DeliusOffence(UpstreamModel):
    date: dt.date | None = None
    code: str | None = None
    description: str | None = None


class CourtAppearance(UpstreamModel):
    type: str | None = None
    date: dt.datetime | None = None
    court: str | None = None


class Supervision(UpstreamModel):
    number: int | None = None
    active: bool | None = None
    date: dt.date | None = None
    sentence: DeliusSentence | None = None
    mainOffence: DeliusOffence | None = None
    additionalOffences: list[DeliusOffence] = []
    courtAppearances: list[CourtAppearance] = []


class Registration(UpstreamModel):
    """A dynamic risk or a person status registration."""

    code: str | None = None
    description: str | None = None
    startDate: dt.date | None = None
    reviewDate: dt.date | None = None
    notes: str | None = None


class ManagerName(UpstreamModel):
    forename: str | None = None
    middleName: str | None = None
    surname: str | None = None


class ManagerTeam(UpstreamModel):
    code: str | None = None
    description: str | None = None
    email: str | None = None
    telephoneNumber: str | None = None


class CommunityManager(UpstreamModel):
    """The probation practitioner managing the person (the community offender manager)."""

    code: str | None = None
    name: ManagerName | None = None
    email: str | None = None
    telephoneNumber: str | None = None
    team: ManagerTeam | None = None
    allocated: bool | None = None


class Supervisions(UpstreamModel):
    communityManager: CommunityManager | None = None
    mappaDetail: MappaDetail | None = None
    supervisions: list[Supervision] = []
    dynamicRisks: list[Registration] = []
    personStatus: list[Registration] = []


class CaseAccess(UpstreamModel):
    crn: str
    userExcluded: bool = False
    userRestricted: bool = False
    exclusionMessage: str | None = None
    restrictionMessage: str | None = None


class CaseAccessList(UpstreamModel):
    access: list[CaseAccess]


class AddressType(UpstreamModel):
    code: str | None = None
    description: str | None = None


class DeliusAddress(UpstreamModel):
    noFixedAbode: bool | None = None
    type: AddressType | None = None
    buildingName: str | None = None
    addressNumber: str | None = None
    streetName: str | None = None
    town: str | None = None
    district: str | None = None
    county: str | None = None
    postcode: str | None = None
    from_: dt.date | None = Field(default=None, alias="from")
    to: dt.date | None = None
    notes: str | None = None


class AddressList(UpstreamModel):
    addresses: list[DeliusAddress] = []


class CaseAddresses(UpstreamModel):
    contactDetails: AddressList | None = None


class RefData(UpstreamModel):
    code: str
    description: str | None = None


class ProbationReferenceData(UpstreamModel):
    probationReferenceData: dict[str, list[RefData]] = {}


class CourtName(UpstreamModel):
    name: str | None = None


class CaseCourtAppearance(UpstreamModel):
    date: dt.date | None = None
    court: CourtName | None = None


class CaseSentence(UpstreamModel):
    date: dt.date | None = None
    sentencingCourt: CourtName | None = None
    releaseDate: dt.date | None = None
    expectedReleaseDate: dt.date | None = None


class ResponsibleProvider(UpstreamModel):
    code: str | None = None
    name: str | None = None


class CaseDetails(UpstreamModel):
    """Background on one event of a probation case, for the Effective Proposals Framework (EPF)."""

    nomsId: str | None = None
    name: ManagerName | None = None
    dateOfBirth: dt.date | None = None
    gender: str | None = None
    courtAppearance: CaseCourtAppearance | None = None
    sentence: CaseSentence | None = None
    responsibleProvider: ResponsibleProvider | None = None
    ogrsScore: int | None = None
    rsrScore: float | None = None
    age: int | None = None
    ageAtRelease: int | None = None


class DeliusClient(UpstreamClient):
    async def case_details(self, crn: str, event_number: int) -> CaseDetails | None:
        """None (404) when the case or the event does not exist."""
        return await self.get(f"/case-details/{path_segment(crn)}/{path_segment(event_number)}", CaseDetails)

    async def addresses(self, crn: str) -> list[DeliusAddress] | None:
        answer = await self.get(f"/case/{path_segment(crn)}/addresses", CaseAddresses)
        if answer is None:
            return None
        return answer.contactDetails.addresses if answer.contactDetails else []

    async def reference_data(self) -> ProbationReferenceData | None:
        return await self.get("/reference-data", ProbationReferenceData)

    async def supervisions(self, crn: str) -> Supervisions | None:
        return await self.get(f"/case/{path_segment(crn)}/supervisions", Supervisions)

    async def case_access(self, crns: list[str]) -> list[CaseAccess]:
        answer = await self.post("/probation-cases/access", {"crns": crns}, CaseAccessList, idempotent=True)
        return answer.access if answer else []
