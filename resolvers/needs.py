"""Person.needs -> loaders.needs_by_crn -> upstream/risks.py needs -> simulator/risks.py"""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.context import Context
from resolvers.identity import PersonPart, crn_of
from schema.needs import Need, Needs
from schema.permissions import LimitedAccessPolicy
from upstream.risks import AssessmentNeed, AssessmentNeeds


def to_need(n: AssessmentNeed) -> Need:
    return Need(type=n.section, riskOfHarm=n.riskOfHarm, riskOfReoffending=n.riskOfReoffending, severity=n.severity)


def to_needs(a: AssessmentNeeds) -> Needs:
    return Needs(
        assessedOn=a.assessedOn,
        identifiedNeeds=[to_need(n) for n in a.identifiedNeeds],
        notIdentifiedNeeds=[to_need(n) for n in a.notIdentifiedNeeds],
        unansweredNeeds=[to_need(n) for n in a.unansweredNeeds],
    )


@strawberry.type
class NeedFields(PersonPart):
    @strawberry.field(
        description="Criminogenic needs from the latest OASys assessment; null without one (or without a CRN). "
        "Withheld for limited-access people.",
        extensions=[LimitedAccessPolicy()],
    )
    async def needs(self, info: Info[Context, None]) -> Needs | None:
        crn = await crn_of(self.ref, info)
        if crn is None:
            return None
        found = await info.context.loaders.needs_by_crn.load(crn)
        return to_needs(found) if found else None
