"""Query.person / persons / prisoners / prison.prisoners, and Person's identity fields.

A Person is built from the Prisoner Search record when the person has a NOMIS number (the prison's
view is current for people in custody), otherwise from the Probation Offender Search record.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

from strawberry.types import Info

from resolvers import ids
from resolvers.context import Context
from resolvers.errors import BadUserInput, person_not_found
from resolvers.identity import PersonRef, crn_of, prisoner_record, probation_case, remember_probation_case
from resolvers.pagination import check_page, paginate, upstream_page
from schema import person as types
from schema.pagination import Page
from upstream.errors import UpstreamError
from upstream.prisoner_search import Prisoner
from upstream.probation_search import OffenderDetail


def person_from_prisoner(p: Prisoner, crn: str | None = None, crn_resolved: bool = False) -> types.Person:
    return types.Person(
        ref=PersonRef(nomis_number=p.prisonerNumber, crn=crn, crn_resolved=crn_resolved),
        firstName=p.firstName,
        lastName=p.lastName,
        middleName=p.middleNames,
        dateOfBirth=p.dateOfBirth,
        gender_value=p.gender,
        ethnicity_value=p.ethnicity,
        pncId=p.pncNumber,
        aliases=[
            types.Alias(
                firstName=a.firstName,
                lastName=a.lastName,
                middleName=a.middleNames,
                dateOfBirth=a.dateOfBirth,
                gender=a.gender,
                ethnicity=a.ethnicity,
            )
            for a in p.aliases
        ],
        category=p.category,
        csra=p.csra,
        receptionDate=p.receptionDate,
        status=p.status,
        prisonId=p.prisonId,
        prisonName=p.prisonName,
    )


def person_from_offender(o: OffenderDetail) -> types.Person:
    ethnicity = o.offenderProfile.ethnicity if o.offenderProfile else None
    return types.Person(
        ref=PersonRef(nomis_number=o.otherIds.nomsNumber, crn=o.otherIds.crn, crn_resolved=True),
        firstName=o.firstName,
        lastName=o.surname,
        middleName=" ".join(o.middleNames or []) or None,
        dateOfBirth=o.dateOfBirth,
        gender_value=o.gender,
        ethnicity_value=ethnicity,
        pncId=o.otherIds.pncNumber,
        aliases=[
            types.Alias(
                firstName=a.firstName,
                lastName=a.surname,
                middleName=" ".join(a.middleNames or []) or None,
                dateOfBirth=a.dateOfBirth,
                gender=a.gender,
                ethnicity=None,
            )
            for a in o.offenderAliases or []
        ],
        category=None,
        csra=None,
        receptionDate=None,
        status=None,
        prisonId=None,
        prisonName=None,
    )


def person_from_records(prisoner: Prisoner | None, offender: OffenderDetail | None) -> types.Person:
    if prisoner is not None:
        crn = offender.otherIds.crn if offender else None
        return person_from_prisoner(prisoner, crn=crn, crn_resolved=True)
    assert offender is not None
    return person_from_offender(offender)


async def find_person(info: Info[Context, None], hmpps_id: str) -> types.Person:
    """Both records of a person, whichever identifier names them; NOT_FOUND if neither system knows them."""
    loaders = info.context.loaders
    kind, value = ids.hmpps_id(hmpps_id)
    if kind == "nomis":
        prisoner, offender = await asyncio.gather(
            loaders.prisoner_by_prisoner_number.load(value), loaders.probation_case_by_prisoner_number.load(value)
        )
    else:
        if kind == "crn":
            offender = await loaders.probation_case_by_crn.load(value)
        else:
            found = await info.context.upstreams.probation_search.search({"pncNumber": value})
            offender = found[0] if found else None
        number = offender.otherIds.nomsNumber if offender else None
        prisoner = await loaders.prisoner_by_prisoner_number.load(number) if number else None
        if kind == "pnc" and offender is None:  # prison-only people are not in probation search
            page = await info.context.upstreams.prisoner_search.global_search({"prisonerIdentifier": value}, 0, 1)
            prisoner = page.content[0] if page.content else None
    if prisoner is None and offender is None:
        raise person_not_found(hmpps_id)
    if not visible_to_consumer(info, prisoner, offender):
        info.context.audit.note(
            prisoner.prisonerNumber if prisoner else None,
            offender.otherIds.crn if offender else None,
            "Query.person",
            "filtered",
        )
        raise person_not_found(hmpps_id)  # the same error as a person who does not exist
    if offender is not None:
        remember_probation_case(info, offender)
    return person_from_records(prisoner, offender)


def visible_to_consumer(info: Info[Context, None], prisoner: Prisoner | None, offender: OffenderDetail | None) -> bool:
    """The consumer's `prisons` and `supervisionStatuses` filters, for one person."""
    filters = info.context.consumer.filters
    in_prison = prisoner is not None and prisoner.prisonId not in (None, "OUT")
    if filters.prisons is not None and not (in_prison and prisoner.prisonId in filters.prisons):
        return False
    statuses = filters.supervisionStatuses
    if statuses is not None:
        return ("PRISONS" in statuses and in_prison) or ("PROBATION" in statuses and offender is not None)
    return True


async def hmpps_id(root: types.Person, info: Info[Context, None]) -> str:
    """The CRN when the person has one, else the NOMIS number. If probation search is down, the
    NOMIS number: it names the same person everywhere in the graph, and a non-null key must not
    take a whole wing list down with it (`identifiers.deliusCrn` reports the failure)."""
    try:
        return await crn_of(root.ref, info) or root.ref.nomis_number or ""
    except UpstreamError:
        if root.ref.nomis_number is None:
            raise
        return root.ref.nomis_number


@dataclass(frozen=True)
class LimitedAccess:
    currentRestriction: bool | None = None
    restrictionMessage: str | None = None
    currentExclusion: bool | None = None
    exclusionMessage: str | None = None


async def limited_access(root: types.Person, info: Info[Context, None]) -> LimitedAccess:
    case = await probation_case(root.ref, info)
    if case is None:
        return LimitedAccess()
    return LimitedAccess(
        currentRestriction=case.currentRestriction,
        restrictionMessage=case.restrictionMessage,
        currentExclusion=case.currentExclusion,
        exclusionMessage=case.exclusionMessage,
    )


async def identifiers(root: types.Person, info: Info[Context, None]) -> types.Identifiers:
    case = await probation_case(root.ref, info)
    cro = case.otherIds.croNumber if case else None
    if cro is None and root.ref.nomis_number:
        prisoner = await info.context.loaders.prisoner_by_prisoner_number.load(root.ref.nomis_number)
        cro = prisoner.croNumber if prisoner else None
    return types.Identifiers(
        nomisNumber=root.ref.nomis_number, croNumber=cro, deliusCrn=case.otherIds.crn if case else None
    )


def _age(born: date | None, today: date) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


async def protected_characteristics(root: types.Person, info: Info[Context, None]) -> types.ProtectedCharacteristics:
    """Probation's record where there is one (as the Integration API), the prison's for marital status."""
    case, prisoner = await asyncio.gather(probation_case(root.ref, info), prisoner_record(root.ref, info))
    profile = case.offenderProfile if case and case.offenderProfile else None
    born = (case.dateOfBirth if case else None) or (prisoner.dateOfBirth if prisoner else None)
    return types.ProtectedCharacteristics(
        age=_age(born, date.today()),
        gender=(case.gender if case else None) or (prisoner.gender if prisoner else None),
        sexualOrientation=profile.sexualOrientation if profile else None,
        ethnicity=(profile.ethnicity if profile else None) or (prisoner.ethnicity if prisoner else None),
        nationality=(profile.nationality if profile else None) or (prisoner.nationality if prisoner else None),
        religion=(profile.religion if profile else None) or (prisoner.religion if prisoner else None),
        disabilities=[
            types.Disability(
                disabilityType=types.CodeDescription(
                    code=d.disabilityType.code, description=d.disabilityType.description
                )
                if d.disabilityType
                else None,
                condition=types.CodeDescription(code=d.condition.code, description=d.condition.description)
                if d.condition
                else None,
                startDate=d.startDate,
                endDate=d.endDate,
                notes=d.notes,
            )
            for d in (profile.disabilities or [] if profile else [])
        ],
        maritalStatus=prisoner.maritalStatus if prisoner else None,
    )


async def iep_level(root: types.Person, info: Info[Context, None]) -> types.IEPLevel | None:
    """Person.iepLevel: prisoner search's currentIncentive, already loaded with the person."""
    prisoner = await prisoner_record(root.ref, info)
    level = prisoner.currentIncentive.level if prisoner and prisoner.currentIncentive else None
    if level is None:
        return None
    return types.IEPLevel(iepCode=level.code, iepLevel=level.description)


async def contact_details(root: types.Person, info: Info[Context, None]) -> types.ContactDetails | None:
    case = await probation_case(root.ref, info)
    if case is None or case.contactDetails is None:
        return None
    details = case.contactDetails
    return types.ContactDetails(
        phoneNumbers=[types.PhoneNumber(number=p.number, type=p.type) for p in details.phoneNumbers or []],
        emails=list(details.emailAddresses or []),
    )


async def prison_prisoners(info: Info[Context, None], prison_id: str, page: int, per_page: int) -> Page[types.Person]:
    check_page(page, per_page)
    answer = await info.context.upstreams.prisoner_search.prison_prisoners(prison_id, page - 1, per_page)
    if answer is None:
        return paginate([], page, per_page)
    loader = info.context.loaders.prisoner_by_prisoner_number
    for prisoner in answer.content:
        loader.prime(prisoner.prisonerNumber, prisoner)  # their later fields need no second fetch
    return upstream_page([person_from_prisoner(p) for p in answer.content], page, per_page, answer.totalElements)


def _require_criteria(**criteria: object) -> None:
    if not any(v not in (None, "") for v in criteria.values()):
        raise BadUserInput("At least one search criterion must be given: " + ", ".join(criteria))


def prisoner_query(
    first_name: str | None,
    last_name: str | None,
    date_of_birth: str | None,
    search_within_aliases: bool,
    pnc_number: str | None = None,
    prisons: frozenset[str] | None = None,
) -> dict:
    """An attribute-search query: the criteria (on names or aliases), AND the consumer's prisons."""

    def criteria(prefix: str) -> list[dict]:
        out = [
            {"type": "String", "attribute": prefix + attribute, "condition": "IS", "searchTerm": value}
            for attribute, value in (("firstName", first_name), ("lastName", last_name))
            if value
        ]
        if date_of_birth:
            out.append(
                {
                    "type": "Date",
                    "attribute": prefix + "dateOfBirth",
                    "minValue": date_of_birth,
                    "maxValue": date_of_birth,
                }
            )
        return out

    queries: list[dict] = []
    names = criteria("")
    if names:
        if search_within_aliases:
            queries.append(
                {
                    "joinType": "OR",
                    "subQueries": [
                        {"joinType": "AND", "matchers": names},
                        {"joinType": "AND", "matchers": criteria("aliases.")},
                    ],
                }
            )
        else:
            queries.append({"joinType": "AND", "matchers": names})
    if pnc_number:
        queries.append({"joinType": "AND", "matchers": [{"type": "PNC", "pncNumber": pnc_number}]})
    if prisons is not None:
        queries.append(
            {
                "joinType": "AND",
                "matchers": [
                    {
                        "type": "String",
                        "attribute": "prisonId",
                        "condition": "IN",
                        "searchTerm": ",".join(sorted(prisons)),
                    }
                ],
            }
        )
    return {"joinType": "AND", "queries": queries}


async def _prison_search(info: Info[Context, None], query: dict, page: int, per_page: int) -> Page[types.Person]:
    prisons = info.context.consumer.filters.prisons
    if prisons is not None and not prisons:  # an empty list allows no prison: nothing to ask for
        return upstream_page([], page, per_page, 0)
    answer = await info.context.upstreams.prisoner_search.attribute_search(query, page - 1, per_page)
    loader = info.context.loaders.prisoner_by_prisoner_number
    for prisoner in answer.content:
        loader.prime(prisoner.prisonerNumber, prisoner)
    return upstream_page([person_from_prisoner(p) for p in answer.content], page, per_page, answer.totalElements)


async def search_prisoners(
    info: Info[Context, None],
    first_name: str | None,
    last_name: str | None,
    date_of_birth: str | None,
    search_within_aliases: bool,
    page: int,
    per_page: int,
) -> Page[types.Person]:
    """Prisoner search only, filtered upstream by the consumer's prisons."""
    check_page(page, per_page)
    _require_criteria(firstName=first_name, lastName=last_name, dateOfBirth=date_of_birth)
    query = prisoner_query(
        first_name, last_name, date_of_birth, search_within_aliases, prisons=info.context.consumer.filters.prisons
    )
    return await _prison_search(info, query, page, per_page)


async def search_persons(
    info: Info[Context, None],
    first_name: str | None,
    last_name: str | None,
    pnc_number: str | None,
    date_of_birth: str | None,
    search_within_aliases: bool,
    page: int,
    per_page: int,
) -> Page[types.Person]:
    """Probation search, plus prison-only people from prisoner search; newest date of birth first."""
    check_page(page, per_page)
    _require_criteria(firstName=first_name, lastName=last_name, pncNumber=pnc_number, dateOfBirth=date_of_birth)
    filters = info.context.consumer.filters
    if filters.prisons is not None or filters.supervisionStatuses == frozenset({"PRISONS"}):
        # A consumer limited to prisons only ever sees people in them: ask prisoner search, filtered upstream.
        query = prisoner_query(first_name, last_name, date_of_birth, search_within_aliases, pnc_number, filters.prisons)
        return await _prison_search(info, query, page, per_page)
    if filters.supervisionStatuses is not None and "PROBATION" not in filters.supervisionStatuses:
        return upstream_page([], page, per_page, 0)
    probation_criteria = {
        "firstName": first_name,
        "surname": last_name,
        "pncNumber": pnc_number,
        "dateOfBirth": date_of_birth,
        "includeAliases": search_within_aliases,
    }
    offenders = await info.context.upstreams.probation_search.search(
        {k: v for k, v in probation_criteria.items() if v is not None}
    )
    for offender in offenders:
        remember_probation_case(info, offender)
    people = [person_from_offender(o) for o in offenders]
    if pnc_number is None and filters.supervisionStatuses is None:
        prison_criteria = {
            "firstName": first_name,
            "lastName": last_name,
            "dateOfBirth": date_of_birth,
            "includeAliases": search_within_aliases,
        }
        known = {o.otherIds.nomsNumber for o in offenders if o.otherIds.nomsNumber}
        prison_page = await info.context.upstreams.prisoner_search.global_search(
            {k: v for k, v in prison_criteria.items() if v is not None}, 0, 1000
        )
        candidates = [p for p in prison_page.content if p.prisonerNumber not in known]
        cases = await info.context.loaders.probation_case_by_prisoner_number.load_many(
            [p.prisonerNumber for p in candidates]
        )
        people += [
            person_from_prisoner(p, crn=None, crn_resolved=True)
            for p, case in zip(candidates, cases, strict=False)
            if case is None
        ]
    people.sort(key=lambda p: p.dateOfBirth.isoformat() if p.dateOfBirth else "", reverse=True)
    return paginate(people, page, per_page)
