"""Person: the graph's centre. Plain fields come with the person; the rest resolve lazily."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from resolvers import addresses, alerts, contacts, locations, risks, sentences, visits
from resolvers import person as resolve
from resolvers.identity import PersonRef
from schema.addresses import Address
from schema.alerts import Alert
from schema.contacts import PrisonerContact
from schema.locations import CellLocation
from schema.pagination import Page
from schema.permissions import LimitedAccessPolicy, PrisonFiltered
from schema.risks_types import (
    DynamicRisk,
    MappaDetail,
    RiskCategory,
    RiskManagementPlan,
    RiskOfSeriousHarm,
    RiskPredictorScore,
)
from schema.sentences import Sentence
from schema.visits import Visit


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


@strawberry.type(description="Risk information from OASys, nDelius and NOMIS.")
class Risks:
    ref: strawberry.Private[PersonRef]

    @strawberry.field(
        description="Risk of serious harm from the latest OASys assessment.", extensions=[LimitedAccessPolicy()]
    )
    async def seriousHarm(self, info: Info) -> RiskOfSeriousHarm | None:
        return await risks.serious_harm(self, info)

    @strawberry.field(description="Risk predictor scores, newest first.", extensions=[LimitedAccessPolicy()])
    async def scores(self, info: Info, page: int = 1, per_page: int = 10) -> Page[RiskPredictorScore] | None:
        return await risks.scores(self, info, page, per_page)

    @strawberry.field(extensions=[LimitedAccessPolicy()])
    async def mappaDetail(self, info: Info) -> MappaDetail | None:
        return await risks.mappa_detail(self, info)

    @strawberry.field(description="Dynamic risk registrations in nDelius.", extensions=[LimitedAccessPolicy()])
    async def dynamic(self, info: Info, page: int = 1, per_page: int = 10) -> Page[DynamicRisk] | None:
        return await risks.dynamic(self, info, page, per_page)

    @strawberry.field(description="Security categorisation (NOMIS).", extensions=[PrisonFiltered()])
    async def categories(self, info: Info) -> RiskCategory | None:
        return await risks.categories(self, info)


@strawberry.federation.type(
    keys=["hmppsId"], description="A person known to prison (NOMIS) and/or probation (nDelius)."
)
class Person:
    ref: strawberry.Private[PersonRef]
    gender_value: strawberry.Private[str | None]
    ethnicity_value: strawberry.Private[str | None]
    firstName: str | None
    lastName: str | None
    middleName: str | None
    dateOfBirth: date | None
    aliases: list[Alias] | None
    pncId: str | None
    category: str | None = strawberry.field(description="Security category, e.g. C (prison only)")
    csra: str | None = strawberry.field(description="Cell sharing risk assessment (prison only)")
    receptionDate: date | None
    status: str | None = strawberry.field(description="Prison status, e.g. ACTIVE IN (prison only)")
    prisonId: str | None = strawberry.field(description="Current prison; OUT once released (prison only)")
    prisonName: str | None

    @strawberry.field(description="The person's key: their CRN when they have one, otherwise their NOMIS number.")
    async def hmppsId(self, info: Info) -> strawberry.ID:
        return strawberry.ID(await resolve.hmpps_id(self, info))

    @strawberry.field
    async def identifiers(self, info: Info) -> Identifiers | None:
        return await resolve.identifiers(self, info)

    @strawberry.field(extensions=[LimitedAccessPolicy()])
    async def gender(self) -> str | None:
        return self.gender_value

    @strawberry.field(extensions=[LimitedAccessPolicy()])
    async def ethnicity(self) -> str | None:
        return self.ethnicity_value

    @strawberry.field(description="Phone numbers and emails held by probation.", extensions=[LimitedAccessPolicy()])
    async def contactDetails(self, info: Info) -> ContactDetails | None:
        return await resolve.contact_details(self, info)

    @strawberry.field
    async def currentRestriction(self, info: Info) -> bool | None:
        return (await resolve.limited_access(self, info)).currentRestriction

    @strawberry.field
    async def restrictionMessage(self, info: Info) -> str | None:
        return (await resolve.limited_access(self, info)).restrictionMessage

    @strawberry.field
    async def currentExclusion(self, info: Info) -> bool | None:
        return (await resolve.limited_access(self, info)).currentExclusion

    @strawberry.field
    async def exclusionMessage(self, info: Info) -> str | None:
        return (await resolve.limited_access(self, info)).exclusionMessage

    @strawberry.field(
        description="Addresses probation holds for the person.", extensions=[PrisonFiltered(), LimitedAccessPolicy()]
    )
    async def addresses(self, info: Info) -> list[Address] | None:
        return await addresses.person_addresses(self, info)

    @strawberry.field(
        description="Where the person is held now; null when not in prison.", extensions=[PrisonFiltered()]
    )
    async def cellLocation(self, info: Info) -> CellLocation | None:
        return await locations.cell_location(self, info)

    @strawberry.field(
        description="Age, gender, ethnicity, religion, disabilities ... (probation, and prison for marital status).",
        extensions=[PrisonFiltered(), LimitedAccessPolicy()],
    )
    async def protectedCharacteristics(self, info: Info) -> ProtectedCharacteristics | None:
        return await resolve.protected_characteristics(self, info)

    @strawberry.field(
        description="Incentive (IEP) level; null for people not in prison.", extensions=[PrisonFiltered()]
    )
    async def iepLevel(self, info: Info) -> IEPLevel | None:
        return await resolve.iep_level(self, info)

    @strawberry.field(description="Alerts, newest first (dateCreated).", extensions=[PrisonFiltered()])
    async def alerts(
        self, info: Info, page: int = 1, per_page: int = 10, active: bool | None = None, codes: list[str] | None = None
    ) -> Page[Alert] | None:
        return await alerts.person_alerts(self, info, page, per_page, active, codes)

    @strawberry.field(
        description="Sentences from NOMIS and nDelius, newest first (dateOfSentencing).", extensions=[PrisonFiltered()]
    )
    async def sentences(self, info: Info, page: int = 1, per_page: int = 10) -> Page[Sentence] | None:
        return await sentences.person_sentences(self, info, page, per_page)

    @strawberry.field(description="OASys risk management plans, newest first.", extensions=[LimitedAccessPolicy()])
    async def riskManagementPlan(
        self, info: Info, page: int = 1, per_page: int = 10
    ) -> Page[RiskManagementPlan] | None:
        return await risks.risk_management_plans(self, info, page, per_page)

    @strawberry.field
    def risks(self) -> Risks | None:
        return Risks(ref=self.ref)

    @strawberry.field(description="Booked visits from today on, soonest first.", extensions=[PrisonFiltered()])
    async def futureVisits(self, info: Info) -> list[Visit] | None:
        return await visits.future_visits(self, info)

    @strawberry.field(description="The prisoner's contacts (Personal Relationships).", extensions=[PrisonFiltered()])
    async def contacts(self, info: Info, page: int = 1, per_page: int = 10) -> Page[PrisonerContact] | None:
        return await contacts.person_contacts(self, info, page, per_page)

    @classmethod
    async def resolve_reference(cls, info: Info, hmppsId: strawberry.ID) -> Person | None:
        return await resolve.find_person(info, str(hmppsId))


@strawberry.type(description="A prison, by its code (e.g. MDI).")
class Prison:
    prisonId: strawberry.ID

    @strawberry.field(description="Everyone in the prison now, by last name then first name (the wing-list view).")
    async def prisoners(self, info: Info, page: int = 1, per_page: int = 100) -> Page[Person] | None:
        return await resolve.prison_prisoners(info, str(self.prisonId), page, per_page)
