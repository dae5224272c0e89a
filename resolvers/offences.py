"""Person.offences -> loaders.offence_history_by_prisoner_number (Prison API's offence history: every
conviction on every booking) + loaders.supervisions_by_crn (nDelius supervisions' main and additional offences),
as the Integration API reads them (PrisonApiOffenceHistoryDetail, NDeliusSupervision.toOffences)."""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry
from strawberry.types import Info

from access.visibility import record_systems
from resolvers.context import Context
from resolvers.identity import HasPersonRef, PersonPart, crn_of
from resolvers.pagination import check_page, paginate
from schema.offences import Offence
from schema.pagination import Page
from upstream.delius import DeliusOffence, Supervision
from upstream.prison_api import OffenceHistoryDetail


def from_nomis(o: OffenceHistoryDetail) -> Offence:
    return Offence(
        serviceSource="NOMIS",
        systemSource="PRISON_SYSTEMS",
        cjsCode=o.offenceCode,
        hoCode=None,
        courtDates=[o.courtDate] if o.courtDate else [],
        courtName=None,  # the offence history names no court; the Integration API leaves it null too
        description=o.offenceDescription,
        startDate=o.offenceDate,
        endDate=o.offenceRangeDate,
        statuteCode=o.statuteCode,
    )


def from_delius(o: DeliusOffence, supervision: Supervision) -> Offence:
    appearances = supervision.courtAppearances
    return Offence(
        serviceSource="NDELIUS",
        systemSource="PROBATION_SYSTEMS",
        cjsCode=None,
        hoCode=o.code,
        courtDates=[a.date.date() for a in appearances if a.date],
        courtName=appearances[0].court if appearances else None,
        description=o.description,
        startDate=o.date,
        endDate=None,
        statuteCode=None,
    )


async def _nomis_offences(root: HasPersonRef, info: Info[Context, None]) -> list[Offence]:
    if root.ref.nomis_number is None:
        return []
    found = await info.context.loaders.offence_history_by_prisoner_number.load(root.ref.nomis_number)
    return [from_nomis(o) for o in found or []]


async def _delius_offences(root: HasPersonRef, info: Info[Context, None]) -> list[Offence]:
    crn = await crn_of(root.ref, info)
    if crn is None:
        return []
    supervisions = await info.context.loaders.supervisions_by_crn.load(crn)
    return [
        from_delius(o, s)
        for s in (supervisions.supervisions if supervisions else [])
        for o in ([s.mainOffence] if s.mainOffence else []) + s.additionalOffences
    ]


async def _none() -> list[Offence]:
    return []


async def person_offences(root: HasPersonRef, info: Info[Context, None], page: int, per_page: int) -> Page[Offence]:
    check_page(page, per_page)
    systems = record_systems(info.context.consumer.filters)
    nomis, delius = await asyncio.gather(
        _nomis_offences(root, info) if systems.prison else _none(),
        _delius_offences(root, info) if systems.probation else _none(),
    )
    offences = nomis + delius
    offences.sort(key=lambda o: (o.startDate is not None, o.startDate), reverse=True)  # newest first
    return paginate(offences, page, per_page)


@strawberry.type
class OffenceFields(PersonPart):
    @strawberry.field(
        description="Offences from NOMIS and nDelius, newest first (startDate): NOMIS's convictions on every "
        "booking, and the main and additional offences of each nDelius event."
    )
    async def offences(
        self,
        info: Info[Context, None],
        page: Annotated[int, strawberry.argument(description="Page number, from 1.")] = 1,
        per_page: Annotated[int, strawberry.argument(description="Offences per page, 1 to 100.")] = 10,
    ) -> Page[Offence] | None:
        return await person_offences(self, info, page, per_page)
