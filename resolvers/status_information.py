"""Person.statusInformation -> loaders.supervisions_by_crn (Delius supervisions' personStatus)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers.context import Context
from resolvers.identity import HasPersonRef, PersonPart, crn_of
from resolvers.pagination import check_page, paginate
from schema.pagination import Page
from schema.permissions import LimitedAccessPolicy
from schema.status_information import StatusInformation
from upstream.delius import Registration

# The person statuses the Integration API passes on (GetStatusInformationForPersonService): warrant or
# summons only. nDelius's other registrations here (e.g. ASFO, serious further offence review) are left out.
STATUS_CODES: frozenset[str] = frozenset({"WRSM"})


def to_status_information(r: Registration) -> StatusInformation:
    return StatusInformation(
        code=r.code, description=r.description, startDate=r.startDate, reviewDate=r.reviewDate, notes=r.notes
    )


async def person_status_information(
    root: HasPersonRef, info: Info[Context, None], page: int, per_page: int
) -> Page[StatusInformation]:
    check_page(page, per_page)
    crn = await crn_of(root.ref, info)
    if crn is None:  # prison only: nDelius holds no statuses for them
        return paginate([], page, per_page)
    supervisions = await info.context.loaders.supervisions_by_crn.load(crn)
    rows = [
        to_status_information(r) for r in (supervisions.personStatus if supervisions else []) if r.code in STATUS_CODES
    ]
    return paginate(rows, page, per_page)


@strawberry.type
class StatusInformationFields(PersonPart):
    @strawberry.field(
        description="Statuses registered on the person's probation record (nDelius), in nDelius's order: those the "
        "Integration API passes on, WRSM (warrant or summons).",
        extensions=[LimitedAccessPolicy()],
    )
    async def statusInformation(
        self,
        info: Info[Context, None],
        page: Annotated[int, strawberry.argument(description="Page number, from 1.")] = 1,
        per_page: Annotated[int, strawberry.argument(description="Statuses per page, 1 to 100.")] = 10,
    ) -> Page[StatusInformation] | None:
        return await person_status_information(self, info, page, per_page)
