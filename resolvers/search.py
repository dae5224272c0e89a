"""Query.persons, Query.prisoners and Prison.prisoners: finding people, one named strategy each.

- `prison_search`:              prisoner search's attribute search, paged and filtered upstream (the
                                consumer's prisons go in as a matcher, so pages are never thinned after).
- `probation_and_prison_search`: probation search plus the prison-only people of prisoner search's
                                global search, merged and paged here (neither upstream can page the union).
- `prison_list`:                everyone in one prison (the wing list), paged upstream.

Who the consumer may see is access.visibility's rule; `prisoner_search_scope` says how much of it
prisoner search can apply upstream, and what it cannot (known to probation) is checked here, on
every match, before paging: pages are never thinned and counts never include hidden people.
"""

from __future__ import annotations

import asyncio
from typing import Any

from strawberry.types import Info

from access.visibility import PRISONS, RELEASED, may_see_person, needs_probation_record, prisoner_search_scope
from resolvers.context import Context
from resolvers.errors import BadUserInput
from resolvers.identity import PersonRecord, remember_probation_case
from resolvers.pagination import check_page, paginate, upstream_page
from schema.pagination import Page
from upstream.prisoner_search import Prisoner, PrisonerPage
from upstream.probation_search import OffenderDetail

# The most matches a search will hold to check and page itself. Above it the search is refused as
# too broad (BAD_USER_INPUT), never cut silently: a cut would make totalCount wrong.
MAX_CHECKED_MATCHES = 1000

Matcher = dict[str, Any]


def require_criteria(**criteria: object) -> None:
    if not any(v not in (None, "") for v in criteria.values()):
        raise BadUserInput("At least one search criterion must be given: " + ", ".join(criteria))


def prisoner_query(
    first_name: str | None,
    last_name: str | None,
    date_of_birth: str | None,
    search_within_aliases: bool,
    pnc_number: str | None = None,
    prisons: frozenset[str] | None = None,
    exclude_released: bool = False,
) -> dict[str, Any]:
    """An attribute-search query: the criteria (on names or aliases), AND the consumer's scope
    (`prisons`, `exclude_released`: access.visibility.prisoner_search_scope)."""

    def criteria(prefix: str) -> list[Matcher]:
        out: list[Matcher] = [
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

    queries: list[Matcher] = []
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
    if exclude_released:
        queries.append(
            {
                "joinType": "AND",
                "matchers": [
                    {"type": "String", "attribute": "prisonId", "condition": "IS_NOT", "searchTerm": RELEASED}
                ],
            }
        )
    return {"joinType": "AND", "queries": queries}


def too_broad(found: int) -> BadUserInput:
    return BadUserInput(
        f"The search matches {found} people, more than the {MAX_CHECKED_MATCHES} it can check; "
        "add a criterion (dateOfBirth, lastName) to narrow it",
        argument="lastName",
    )


async def _visible(info: Info[Context, None], prisoners: list[Prisoner]) -> list[PersonRecord]:
    """The prison records the consumer may see, each checked against probation when the rule needs it."""
    filters = info.context.consumer.filters
    checked = needs_probation_record(filters)
    cases: list[OffenderDetail | None] = (
        await info.context.loaders.probation_case_by_prisoner_number.load_many([p.prisonerNumber for p in prisoners])
        if checked
        else [None] * len(prisoners)
    )
    loader = info.context.loaders.prisoner_by_prisoner_number
    records = []
    for prisoner, case in zip(prisoners, cases, strict=True):
        if may_see_person(filters, prisoner.prisonId, known_to_probation=case is not None):
            loader.prime(prisoner.prisonerNumber, prisoner)
            if case is not None:
                remember_probation_case(info, case)
            records.append(PersonRecord(prisoner=prisoner, offender=case, crn_known=checked))
    return records


def _prisoner_records(info: Info[Context, None], answer: PrisonerPage, crn_known: bool) -> list[PersonRecord]:
    loader = info.context.loaders.prisoner_by_prisoner_number
    for prisoner in answer.content:
        loader.prime(prisoner.prisonerNumber, prisoner)  # their later fields need no second fetch
    return [PersonRecord(prisoner=p, offender=None, crn_known=crn_known) for p in answer.content]


async def prison_list(info: Info[Context, None], prison_id: str, page: int, per_page: int) -> Page[PersonRecord]:
    """Prison.prisoners: the wing-list view, by last name then first name."""
    check_page(page, per_page)
    if info.context.consumer.filters.supervisionStatuses is not None:
        # Who of them the consumer may see needs each one checked: the whole prison, paged here.
        return paginate(await _visible(info, await _whole_prison(info, prison_id)), page, per_page)
    answer = await info.context.upstreams.prisoner_search.prison_prisoners(prison_id, page - 1, per_page)
    if answer is None:
        return paginate([], page, per_page)
    return upstream_page(_prisoner_records(info, answer, crn_known=False), page, per_page, answer.totalElements)


async def _whole_prison(info: Info[Context, None], prison_id: str) -> list[Prisoner]:
    prisoners: list[Prisoner] = []
    number = 0
    while True:
        answer = await info.context.upstreams.prisoner_search.prison_prisoners(prison_id, number, MAX_CHECKED_MATCHES)
        if answer is None or not answer.content:
            return prisoners
        prisoners += answer.content
        number += 1
        if number >= answer.totalPages:
            return prisoners


async def prison_search(
    info: Info[Context, None], query: dict[str, Any], page: int, per_page: int
) -> Page[PersonRecord]:
    """`query` carries prisoner_search_scope's matchers; what they cannot say is checked here."""
    scope = prisoner_search_scope(info.context.consumer.filters)
    if scope.nobody:  # an empty list allows nothing: nothing to ask for
        return upstream_page([], page, per_page, 0)
    if scope.check_each:
        answer = await info.context.upstreams.prisoner_search.attribute_search(query, 0, MAX_CHECKED_MATCHES)
        if answer.totalElements > len(answer.content):
            raise too_broad(answer.totalElements)
        return paginate(await _visible(info, answer.content), page, per_page)
    answer = await info.context.upstreams.prisoner_search.attribute_search(query, page - 1, per_page)
    return upstream_page(_prisoner_records(info, answer, crn_known=False), page, per_page, answer.totalElements)


async def probation_and_prison_search(
    info: Info[Context, None],
    first_name: str | None,
    last_name: str | None,
    pnc_number: str | None,
    date_of_birth: str | None,
    search_within_aliases: bool,
    include_prison_only: bool,
) -> list[PersonRecord]:
    """Everyone probation search finds, plus (when asked) those prisoner search finds whom probation does not know."""
    offenders = await info.context.upstreams.probation_search.search(
        given(
            firstName=first_name,
            surname=last_name,
            pncNumber=pnc_number,
            dateOfBirth=date_of_birth,
            includeAliases=search_within_aliases,
        )
    )
    for offender in offenders:
        remember_probation_case(info, offender)
    # A person with a NOMIS number shows the prison record's names, as Query.person does (ADR 0002):
    # one Person id never carries two spellings. One batched lookup, beside the prison-only search.
    numbers = [o.otherIds.nomsNumber for o in offenders if o.otherIds.nomsNumber]
    prisoners, prison_only = await asyncio.gather(
        info.context.loaders.prisoner_by_prisoner_number.load_many(numbers),
        _prison_only(info, first_name, last_name, date_of_birth, search_within_aliases, offenders)
        if include_prison_only
        else _nobody(),
    )
    in_prison = {p.prisonerNumber: p for p in prisoners if p is not None}
    people = [PersonRecord(prisoner=in_prison.get(o.otherIds.nomsNumber or ""), offender=o) for o in offenders]
    return people + prison_only


def given(**criteria: str | bool | None) -> dict[str, object]:
    """Search criteria as the upstream takes them: those not given are left out, not sent as null."""
    return {name: value for name, value in criteria.items() if value is not None}


async def _nobody() -> list[PersonRecord]:
    return []


async def _prison_only(
    info: Info[Context, None],
    first_name: str | None,
    last_name: str | None,
    date_of_birth: str | None,
    search_within_aliases: bool,
    offenders: list[OffenderDetail],
) -> list[PersonRecord]:
    """Those prisoner search finds whom probation does not know."""
    prison_page = await info.context.upstreams.prisoner_search.global_search(
        given(
            firstName=first_name, lastName=last_name, dateOfBirth=date_of_birth, includeAliases=search_within_aliases
        ),
        0,
        MAX_CHECKED_MATCHES,
    )
    if prison_page.totalElements > len(prison_page.content):
        raise too_broad(prison_page.totalElements)
    known = {o.otherIds.nomsNumber for o in offenders if o.otherIds.nomsNumber}
    candidates = [p for p in prison_page.content if p.prisonerNumber not in known]
    cases = await info.context.loaders.probation_case_by_prisoner_number.load_many(
        [p.prisonerNumber for p in candidates]
    )
    return [
        PersonRecord(prisoner=p, offender=None, crn_known=True)
        for p, case in zip(candidates, cases, strict=True)
        if case is None and may_see_person(info.context.consumer.filters, p.prisonId, known_to_probation=False)
    ]


async def search_prisoners(
    info: Info[Context, None],
    first_name: str | None,
    last_name: str | None,
    date_of_birth: str | None,
    search_within_aliases: bool,
    page: int,
    per_page: int,
) -> Page[PersonRecord]:
    """Query.prisoners: prisoner search only, filtered upstream by the consumer's prisons."""
    check_page(page, per_page)
    require_criteria(firstName=first_name, lastName=last_name, dateOfBirth=date_of_birth)
    scope = prisoner_search_scope(info.context.consumer.filters)
    query = prisoner_query(
        first_name,
        last_name,
        date_of_birth,
        search_within_aliases,
        prisons=scope.prisons,
        exclude_released=scope.exclude_released,
    )
    return await prison_search(info, query, page, per_page)


async def search_persons(
    info: Info[Context, None],
    first_name: str | None,
    last_name: str | None,
    pnc_number: str | None,
    date_of_birth: str | None,
    search_within_aliases: bool,
    page: int,
    per_page: int,
) -> Page[PersonRecord]:
    """Query.persons: picks the strategy the consumer's filters allow; newest date of birth first when merged."""
    check_page(page, per_page)
    require_criteria(firstName=first_name, lastName=last_name, pncNumber=pnc_number, dateOfBirth=date_of_birth)
    filters = info.context.consumer.filters
    if filters.prisons is not None or filters.supervisionStatuses == frozenset({"PRISONS"}):
        # A consumer limited to prisons only ever sees people in them: ask prisoner search, filtered upstream.
        scope = prisoner_search_scope(filters)
        query = prisoner_query(
            first_name,
            last_name,
            date_of_birth,
            search_within_aliases,
            pnc_number,
            scope.prisons,
            scope.exclude_released,
        )
        return await prison_search(info, query, page, per_page)
    if filters.supervisionStatuses is not None and "PROBATION" not in filters.supervisionStatuses:
        return upstream_page([], page, per_page, 0)
    people = await probation_and_prison_search(
        info,
        first_name,
        last_name,
        pnc_number,
        date_of_birth,
        search_within_aliases,
        # Everyone probation search finds is known to probation, and no prisons filter applies here.
        include_prison_only=pnc_number is None
        and (filters.supervisionStatuses is None or PRISONS in filters.supervisionStatuses),
    )
    people.sort(key=_date_of_birth, reverse=True)
    return paginate(people, page, per_page)


def _date_of_birth(record: PersonRecord) -> str:
    born = record.prisoner.dateOfBirth if record.prisoner else record.offender.dateOfBirth if record.offender else None
    return born.isoformat() if born else ""
