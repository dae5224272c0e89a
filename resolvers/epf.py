"""Person.epfCaseDetail(eventNumber) -> loaders.case_details_by_crn_event -> upstream/delius.py case_details
-> simulator/delius.py"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers.context import Context
from resolvers.errors import BadUserInput
from resolvers.identity import PersonPart, crn_of
from schema import epf as types
from schema.permissions import LimitedAccessPolicy
from upstream.delius import CaseDetails, CourtName

MAX_EVENT_NUMBER = 2**31 - 1  # Delius's event numbers are 32-bit


def _court(c: CourtName | None) -> types.CourtDetails | None:
    return types.CourtDetails(name=c.name) if c else None


def to_case_detail(d: CaseDetails) -> types.CaseDetail:
    appearance, sentence, provider = d.courtAppearance, d.sentence, d.responsibleProvider
    return types.CaseDetail(
        nomsId=d.nomsId,
        name=types.CaseDetailName(forename=d.name.forename, middleName=d.name.middleName, surname=d.name.surname)
        if d.name
        else None,
        dateOfBirth=d.dateOfBirth,
        gender=d.gender,
        courtAppearance=types.CaseCourtAppearance(date=appearance.date, court=_court(appearance.court))
        if appearance
        else None,
        sentence=types.CaseSentence(
            date=sentence.date,
            sentencingCourt=_court(sentence.sentencingCourt),
            releaseDate=sentence.releaseDate,
            expectedReleaseDate=sentence.expectedReleaseDate,
        )
        if sentence
        else None,
        responsibleProvider=types.ResponsibleProvider(code=provider.code, name=provider.name) if provider else None,
        ogrsScore=d.ogrsScore,
        rsrScore=d.rsrScore,
        age=d.age,
        ageAtRelease=d.ageAtRelease,
    )


@strawberry.type
class EpfFields(PersonPart):
    @strawberry.field(
        description="Background on one event of the person's probation case for the Effective Proposals Framework "
        "(nDelius); null when probation holds no such event. Withheld for limited-access people.",
        extensions=[LimitedAccessPolicy()],
    )
    async def epfCaseDetail(
        self,
        info: Info[Context, None],
        event_number: Annotated[
            int, strawberry.argument(description="The nDelius event number (a conviction within the case), e.g. 1.")
        ],
    ) -> types.CaseDetail | None:
        if not 1 <= event_number <= MAX_EVENT_NUMBER:
            raise BadUserInput(f"eventNumber must be between 1 and {MAX_EVENT_NUMBER}", argument="eventNumber")
        crn = await crn_of(self.ref, info)
        if crn is None:
            return None
        found = await info.context.loaders.case_details_by_crn_event.load((crn, event_number))
        return to_case_detail(found) if found else None
