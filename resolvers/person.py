"""Query.person and Person's own fields: its keys, identifiers, profile and access limitations.

A Person is built from the Prisoner Search record when the person has a NOMIS number (the prison's
view is current for people in custody), otherwise from the Probation Offender Search record.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

import strawberry
from strawberry.types import Info

from access.visibility import may_see_person
from resolvers import ids
from resolvers.context import Context
from resolvers.errors import person_not_found
from resolvers.identity import (
    PersonPart,
    PersonRecord,
    PersonRef,
    crn_of,
    prisoner_record,
    probation_case,
    remember_probation_case,
)
from schema.permissions import LimitedAccessPolicy, PrisonFiltered
from schema.profile import (
    CodeDescription,
    ContactDetails,
    Disability,
    Identifiers,
    IEPLevel,
    PhoneNumber,
    ProtectedCharacteristics,
)
from upstream.errors import UpstreamError
from upstream.prisoner_search import Prisoner
from upstream.probation_search import OffenderDetail


async def find_person(info: Info[Context, None], hmpps_id: str, coordinate: str = "Query.person") -> PersonRecord:
    """Both records of a person, whichever identifier names them; NOT_FOUND if neither system knows them.
    `coordinate`: the field asking, as the audit names it when the person is filtered out."""
    loaders = info.context.loaders
    kind, value = ids.hmpps_id(hmpps_id)
    prisoner: Prisoner | None
    offender: OffenderDetail | None
    if kind == "nomis":
        prisoner, offender = await asyncio.gather(
            loaders.prisoner_by_prisoner_number.load(value), loaders.probation_case_by_prisoner_number.load(value)
        )
    else:
        if kind == "crn":
            # A NOMIS number known from an earlier request (the shared identity cache) lets both records
            # load side by side: one dependency level fewer. Checked against the record it names.
            known = await loaders.prisoner_number_by_crn.load(value)
            offender, prisoner = await asyncio.gather(
                loaders.probation_case_by_crn.load(value), _prisoner_or_none(info, known)
            )
            number = offender.otherIds.nomsNumber if offender else None
            if number != known:
                prisoner = await _prisoner_or_none(info, number)
        else:
            found = await info.context.upstreams.probation_search.search({"pncNumber": value})
            offender = found[0] if found else None
            number = offender.otherIds.nomsNumber if offender else None
            prisoner = await _prisoner_or_none(info, number)
        if kind == "pnc" and offender is None:  # prison-only people are not in probation search
            page = await info.context.upstreams.prisoner_search.global_search({"prisonerIdentifier": value}, 0, 1)
            prisoner = page.content[0] if page.content else None
    if prisoner is None and offender is None:
        raise person_not_found(hmpps_id)
    filters = info.context.consumer.filters
    if not may_see_person(filters, prisoner.prisonId if prisoner else None, known_to_probation=offender is not None):
        info.context.audit.note(
            prisoner.prisonerNumber if prisoner else None,
            offender.otherIds.crn if offender else None,
            coordinate,
            "filtered",
        )
        raise person_not_found(hmpps_id)  # the same error as a person who does not exist
    if offender is not None:
        remember_probation_case(info, offender)
    return PersonRecord(prisoner=prisoner, offender=offender)


async def hmpps_id_of(ref: PersonRef, info: Info[Context, None]) -> str:
    """The CRN, else the NOMIS number. If probation search is down, the NOMIS number: it names the
    same person everywhere in the graph, and a non-null key must not take a whole wing list down with
    it (`identifiers.deliusCrn` reports the failure)."""
    try:
        return await crn_of(ref, info) or ref.nomis_number or ""
    except UpstreamError:
        if ref.nomis_number is None:
            raise
        return ref.nomis_number


async def _prisoner_or_none(info: Info[Context, None], number: str | None) -> Prisoner | None:
    return await info.context.loaders.prisoner_by_prisoner_number.load(number) if number else None


@dataclass(frozen=True)
class AccessLimitations:
    """Delius's restriction and exclusion flags for a person (all None for prison-only people)."""

    currentRestriction: bool | None = None
    restrictionMessage: str | None = None
    currentExclusion: bool | None = None
    exclusionMessage: str | None = None


async def access_limitations(root: PersonPart, info: Info[Context, None]) -> AccessLimitations:
    case = await probation_case(root.ref, info)
    if case is None:
        return AccessLimitations()
    return AccessLimitations(
        currentRestriction=case.currentRestriction,
        restrictionMessage=case.restrictionMessage,
        currentExclusion=case.currentExclusion,
        exclusionMessage=case.exclusionMessage,
    )


def _age(born: date | None, today: date) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@strawberry.type
class ProfileFields(PersonPart):
    """Person's key, identifiers, profile and access limitations."""

    gender_value: strawberry.Private[str | None]
    ethnicity_value: strawberry.Private[str | None]

    @strawberry.field(description="The person's key: their CRN when they have one, otherwise their NOMIS number.")
    async def hmppsId(self, info: Info[Context, None]) -> strawberry.ID:
        return strawberry.ID(await hmpps_id_of(self.ref, info))

    @strawberry.field(description="The person's numbers in NOMIS, nDelius and the Criminal Records Office.")
    def identifiers(self) -> Identifiers | None:
        return Identifiers(ref=self.ref, nomisNumber=self.ref.nomis_number)

    @strawberry.field(
        description="Gender as recorded (prison record first, else probation); removed for limited-access cases.",
        extensions=[LimitedAccessPolicy()],
    )
    async def gender(self) -> str | None:
        return self.gender_value

    @strawberry.field(
        description="Ethnicity as recorded; removed for limited-access cases.", extensions=[LimitedAccessPolicy()]
    )
    async def ethnicity(self) -> str | None:
        return self.ethnicity_value

    @strawberry.field(description="Phone numbers and emails held by probation.", extensions=[LimitedAccessPolicy()])
    async def contactDetails(self, info: Info[Context, None]) -> ContactDetails | None:
        case = await probation_case(self.ref, info)
        if case is None or case.contactDetails is None:
            return None
        details = case.contactDetails
        return ContactDetails(
            phoneNumbers=[PhoneNumber(number=p.number, type=p.type) for p in details.phoneNumbers or []],
            emails=list(details.emailAddresses or []),
        )

    @strawberry.field(description="True when nDelius restricts who may see this case; null for prison-only people.")
    async def currentRestriction(self, info: Info[Context, None]) -> bool | None:
        return (await access_limitations(self, info)).currentRestriction

    @strawberry.field(description="nDelius's message explaining the restriction.")
    async def restrictionMessage(self, info: Info[Context, None]) -> str | None:
        return (await access_limitations(self, info)).restrictionMessage

    @strawberry.field(description="True when nDelius excludes some users from this case.")
    async def currentExclusion(self, info: Info[Context, None]) -> bool | None:
        return (await access_limitations(self, info)).currentExclusion

    @strawberry.field(description="nDelius's message explaining the exclusion.")
    async def exclusionMessage(self, info: Info[Context, None]) -> str | None:
        return (await access_limitations(self, info)).exclusionMessage

    @strawberry.field(
        description="Age, gender, ethnicity, religion, disabilities ... (probation, and prison for marital status).",
        extensions=[PrisonFiltered(), LimitedAccessPolicy()],
    )
    async def protectedCharacteristics(self, info: Info[Context, None]) -> ProtectedCharacteristics | None:
        """Probation's record where there is one (as the Integration API), the prison's for marital status."""
        case, prisoner = await asyncio.gather(probation_case(self.ref, info), prisoner_record(self.ref, info))
        profile = case.offenderProfile if case and case.offenderProfile else None
        born = (case.dateOfBirth if case else None) or (prisoner.dateOfBirth if prisoner else None)
        return ProtectedCharacteristics(
            age=_age(born, date.today()),
            gender=(case.gender if case else None) or (prisoner.gender if prisoner else None),
            sexualOrientation=profile.sexualOrientation if profile else None,
            ethnicity=(profile.ethnicity if profile else None) or (prisoner.ethnicity if prisoner else None),
            nationality=(profile.nationality if profile else None) or (prisoner.nationality if prisoner else None),
            religion=(profile.religion if profile else None) or (prisoner.religion if prisoner else None),
            disabilities=[
                Disability(
                    disabilityType=CodeDescription(code=d.disabilityType.code, description=d.disabilityType.description)
                    if d.disabilityType
                    else None,
                    condition=CodeDescription(code=d.condition.code, description=d.condition.description)
                    if d.condition
                    else None,
                    startDate=d.startDate,
                    endDate=d.endDate,
                    notes=d.notes,
                )
                for d in (profile.disabilities or [] if profile else [])
            ],
            maritalStatus=prisoner.maritalStatus if prisoner else None,
            booking_id=int(prisoner.bookingId) if prisoner and prisoner.bookingId else None,
        )

    @strawberry.field(
        description="Incentive (IEP) level; null for people not in prison.", extensions=[PrisonFiltered()]
    )
    async def iepLevel(self, info: Info[Context, None]) -> IEPLevel | None:
        """Prisoner search's currentIncentive, already loaded with the person."""
        prisoner = await prisoner_record(self.ref, info)
        level = prisoner.currentIncentive.level if prisoner and prisoner.currentIncentive else None
        if level is None:
            return None
        return IEPLevel(iepCode=level.code, iepLevel=level.description)
