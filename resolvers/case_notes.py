"""Person.caseNotes -> loaders.case_notes_by_search -> upstream/case_notes.py -> simulator/case_notes.py"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated

import strawberry
from strawberry.types import Info

from access.case_notes import permitted_case_note_types
from resolvers import ids
from resolvers.context import Context
from resolvers.errors import BadUserInput
from resolvers.identity import PersonPart
from resolvers.pagination import check_page, paginate, upstream_page
from schema.case_notes import CaseNote, CaseNoteAmendment
from schema.pagination import Page
from schema.permissions import LimitedAccessPolicy, PrisonFiltered
from upstream.case_notes import CaseNote as UpstreamCaseNote
from upstream.case_notes import CaseNoteSearch

# The Case Notes API cannot filter by location: with `locationId` the graph reads this many of the
# person's newest notes, filters and pages them itself.
LOCATION_SCAN = 1000


def to_case_note(n: UpstreamCaseNote) -> CaseNote:
    return CaseNote(
        caseNoteId=n.caseNoteId,
        offenderIdentifier=n.offenderIdentifier,
        type=n.type,
        typeDescription=n.typeDescription,
        subType=n.subType,
        subTypeDescription=n.subTypeDescription,
        creationDateTime=n.creationDateTime,
        occurrenceDateTime=n.occurrenceDateTime,
        text=n.text,
        locationId=n.locationId,
        sensitive=n.sensitive,
        amendments=[
            CaseNoteAmendment(
                caseNoteAmendmentId=a.id, creationDateTime=a.creationDateTime, additionalNoteText=a.additionalNoteText
            )
            for a in n.amendments
        ],
    )


async def person_case_notes(
    root: PersonPart,
    info: Info[Context, None],
    start_date: date | None,
    end_date: date | None,
    location_id: str | None,
    page: int,
    per_page: int,
) -> Page[CaseNote]:
    check_page(page, per_page)
    if start_date is not None and end_date is not None and start_date > end_date:
        raise BadUserInput("startDate must not be after endDate", argument="startDate")
    location = ids.prison_id(location_id, "locationId") if location_id is not None else None
    types = permitted_case_note_types(info.context.consumer.filters.caseNotes)
    if root.ref.nomis_number is None or types == ():  # no prison record, or the filter allows no type
        return paginate([], page, per_page)
    search = CaseNoteSearch(
        prisoner_number=root.ref.nomis_number,
        types=types,
        occurred_from=datetime.combine(start_date, time.min) if start_date else None,
        occurred_to=datetime.combine(end_date, time.max) if end_date else None,
        page=1 if location else page,
        size=LOCATION_SCAN if location else per_page,
    )
    found = await info.context.loaders.case_notes_by_search.load(search)
    if location is not None:
        notes = [to_case_note(n) for n in (found.content if found else []) if n.locationId == location]
        return paginate(notes, page, per_page)
    if found is None:
        return upstream_page([], page, per_page, 0)
    return upstream_page([to_case_note(n) for n in found.content], page, per_page, found.metadata.totalElements)


@strawberry.type
class CaseNoteFields(PersonPart):
    @strawberry.field(
        description="Prison case notes (Case Notes API), newest first by when the event happened. A consumer "
        "with a `caseNotes` filter sees only the types it lists. Empty for people with no prison record.",
        extensions=[PrisonFiltered(), LimitedAccessPolicy()],
    )
    async def caseNotes(
        self,
        info: Info[Context, None],
        start_date: Annotated[
            date | None, strawberry.argument(description="Only notes of events on or after this day.")
        ] = None,
        end_date: Annotated[
            date | None, strawberry.argument(description="Only notes of events on or before this day.")
        ] = None,
        location_id: Annotated[
            str | None, strawberry.argument(description="Only notes written in this prison, e.g. MDI.")
        ] = None,
        page: Annotated[int, strawberry.argument(description="Page number, from 1.")] = 1,
        per_page: Annotated[int, strawberry.argument(description="Notes per page, 1 to 100.")] = 10,
    ) -> Page[CaseNote] | None:
        return await person_case_notes(self, info, start_date, end_date, location_id, page, per_page)
