"""Person.offences -> loaders.sentences_by_booking_id (NOMIS sentences-and-offences) + loaders.supervisions_by_crn
(nDelius supervisions' main and additional offences): the data Person.sentences reads, so both cost one load."""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers.context import Context
from resolvers.identity import HasPersonRef, PersonPart, crn_of, prisoner_record
from resolvers.pagination import check_page, paginate
from schema.offences import Offence
from schema.pagination import Page
from upstream.delius import DeliusOffence, Supervision
from upstream.prison_api import OffenderOffence, SentenceAndOffences


def from_nomis(o: OffenderOffence, sentence: SentenceAndOffences) -> Offence:
    return Offence(
        serviceSource="NOMIS",
        systemSource="PRISON_SYSTEMS",
        cjsCode=o.offenceCode,
        hoCode=None,
        courtDates=[sentence.sentenceDate] if sentence.sentenceDate else [],
        courtName=sentence.courtDescription,
        description=o.offenceDescription,
        startDate=o.offenceStartDate,
        endDate=o.offenceEndDate,
        statuteCode=o.offenceStatute,
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
    prisoner = await prisoner_record(root.ref, info)
    if prisoner is None or not prisoner.bookingId:
        return []
    sentences = await info.context.loaders.sentences_by_booking_id.load(int(prisoner.bookingId))
    seen: set[int] = set()
    offences = []
    for sentence in sentences or []:
        for o in sentence.offences:
            # One charge can stand behind several sentence lines: list it once.
            if o.offenderChargeId is not None and o.offenderChargeId in seen:
                continue
            if o.offenderChargeId is not None:
                seen.add(o.offenderChargeId)
            offences.append(from_nomis(o, sentence))
    return offences


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


async def person_offences(root: HasPersonRef, info: Info[Context, None], page: int, per_page: int) -> Page[Offence]:
    check_page(page, per_page)
    nomis, delius = await asyncio.gather(_nomis_offences(root, info), _delius_offences(root, info))
    offences = nomis + delius
    offences.sort(key=lambda o: (o.startDate is not None, o.startDate), reverse=True)  # newest first
    return paginate(offences, page, per_page)


@strawberry.type
class OffenceFields(PersonPart):
    @strawberry.field(
        description="Offences from NOMIS and nDelius, newest first (startDate). Not every offence: prisons record "
        "those behind custodial sentences, probation the main and some additional offences of each event."
    )
    async def offences(
        self,
        info: Info[Context, None],
        page: Annotated[int, strawberry.argument(description="Page number, from 1.")] = 1,
        per_page: Annotated[int, strawberry.argument(description="Offences per page, 1 to 100.")] = 10,
    ) -> Page[Offence] | None:
        return await person_offences(self, info, page, per_page)
