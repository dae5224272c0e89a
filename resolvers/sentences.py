"""Person.sentences -> loaders.sentences_by_booking_id (NOMIS) + loaders.supervisions_by_crn (nDelius)."""

from __future__ import annotations

import asyncio

import strawberry
from strawberry.types import Info

from resolvers.context import Context
from resolvers.identity import HasPersonRef, PersonPart, crn_of, prisoner_record
from resolvers.pagination import check_page, paginate
from schema.pagination import Page, PageNumber, PerPage
from schema.permissions import PrisonFiltered
from schema.sentences import Sentence, SentenceLength, SentenceTerm
from upstream.delius import Supervision
from upstream.prison_api import SentenceAndOffences

# NOMIS sentence status: A active, I inactive; anything else is unknown (null), as the Integration API reads it.
SENTENCE_STATUS_ACTIVE = {"A": True, "I": False}


def _term_part(value: int | None) -> int | None:
    """NOMIS writes 0 for a unit a term does not use; the Integration API gives null for it."""
    return value or None


def from_nomis(s: SentenceAndOffences) -> Sentence:
    return Sentence(
        # The Integration API names the service a NOMIS sentence comes from PRISON_API (its UpstreamApi).
        serviceSource="PRISON_API",
        systemSource="PRISON_SYSTEMS",
        dateOfSentencing=s.sentenceDate,
        description=s.sentenceTypeDescription,
        isActive=SENTENCE_STATUS_ACTIVE.get(s.sentenceStatus or ""),
        isCustodial=True,
        fineAmount=s.fineAmount,
        length=SentenceLength(
            duration=None,
            units=None,
            terms=[
                SentenceTerm(
                    years=_term_part(t.years),
                    months=_term_part(t.months),
                    weeks=_term_part(t.weeks),
                    days=_term_part(t.days),
                    hours=None,
                    prisonTermCode=t.code,
                )
                for t in s.terms
            ],
        ),
    )


def from_delius(s: Supervision) -> Sentence:
    sentence = s.sentence
    return Sentence(
        serviceSource="NDELIUS",
        systemSource="PROBATION_SYSTEMS",
        dateOfSentencing=sentence.date if sentence else None,  # the sentence's date, not the event's
        description=sentence.description if sentence else None,
        isActive=s.active,
        isCustodial=sentence.custodial if sentence else None,
        fineAmount=None,
        length=SentenceLength(
            duration=sentence.length if sentence else None, units=sentence.lengthUnits if sentence else None, terms=[]
        ),
    )


async def _nomis_sentences(root: HasPersonRef, info: Info[Context, None]) -> list[Sentence]:
    prisoner = await prisoner_record(root.ref, info)
    if prisoner is None or not prisoner.bookingId:
        return []
    rows = await info.context.loaders.sentences_by_booking_id.load(int(prisoner.bookingId))
    return [from_nomis(s) for s in rows or []]


async def _delius_sentences(root: HasPersonRef, info: Info[Context, None]) -> list[Sentence]:
    crn = await crn_of(root.ref, info)
    if crn is None:
        return []
    supervisions = await info.context.loaders.supervisions_by_crn.load(crn)
    return [from_delius(s) for s in supervisions.supervisions] if supervisions else []


async def person_sentences(root: HasPersonRef, info: Info[Context, None], page: int, per_page: int) -> Page[Sentence]:
    check_page(page, per_page)
    nomis, delius = await asyncio.gather(_nomis_sentences(root, info), _delius_sentences(root, info))
    sentences = nomis + delius
    sentences.sort(key=lambda s: (s.dateOfSentencing is not None, s.dateOfSentencing), reverse=True)  # newest first
    return paginate(sentences, page, per_page)


@strawberry.type
class SentenceFields(PersonPart):
    @strawberry.field(
        description="Sentences from NOMIS and nDelius, newest first (dateOfSentencing).", extensions=[PrisonFiltered()]
    )
    async def sentences(
        self, info: Info[Context, None], page: PageNumber = 1, per_page: PerPage = 10
    ) -> Page[Sentence] | None:
        return await person_sentences(self, info, page, per_page)
