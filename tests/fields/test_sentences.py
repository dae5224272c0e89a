"""Person.sentences: resolvers/sentences.py maps NOMIS sentences-and-offences and nDelius supervisions as the
Integration API does (PrisonApiSentence.toSentence, NDeliusSupervision.toSentence)."""

from __future__ import annotations

from datetime import date

import pytest

from resolvers.sentences import from_delius, from_nomis
from tests.cases import pick
from tests.conftest import query
from upstream.delius import DeliusSentence, Supervision
from upstream.prison_api import SentenceAndOffences, SentenceTerm

# (NOMIS sentenceStatus, isActive): only A and I are known; anything else is null, never false.
STATUS_ROWS = [("A", True), ("I", False), (None, None), ("X", None)]


@pytest.mark.parametrize(("status", "active"), STATUS_ROWS)
def test_nomis_sentence_status(status, active):
    s = from_nomis(SentenceAndOffences(bookingId=1, sentenceStatus=status))
    assert s.isActive is active
    assert (s.serviceSource, s.systemSource, s.isCustodial) == ("PRISON_API", "PRISON_SYSTEMS", True)


def test_nomis_term_zeros_are_null():
    s = from_nomis(
        SentenceAndOffences(bookingId=1, terms=[SentenceTerm(years=2, months=0, weeks=0, days=14, code="IMP")])
    )
    t = s.length.terms[0]
    assert (t.years, t.months, t.weeks, t.days, t.hours, t.prisonTermCode) == (2, None, None, 14, None, "IMP")


def test_delius_date_of_sentencing_is_the_sentences_own():
    event = Supervision(number=1, active=True, date=date(2020, 1, 1))
    assert from_delius(event).dateOfSentencing is None
    sentenced = Supervision(
        number=1, active=True, date=date(2020, 1, 1), sentence=DeliusSentence(date=date(2020, 3, 4), custodial=False)
    )
    s = from_delius(sentenced)
    assert (s.dateOfSentencing, s.serviceSource, s.isCustodial) == (date(2020, 3, 4), "NDELIUS", False)


async def test_sentences_through_the_graph(graph, population):
    p = pick(population, "person with NOMIS sentences", lambda p: bool(p.nomis_sentences) and p.booking_id is not None)

    body = await query(
        graph,
        """query ($id: ID!) { person(hmppsId: $id) { sentences(perPage: 100) { items {
             serviceSource isActive length { terms { years months weeks days prisonTermCode } } } } } }""",
        id=p.prisoner_number,
    )

    assert "errors" not in body, body
    nomis = [s for s in body["data"]["person"]["sentences"]["items"] if s["serviceSource"] == "PRISON_API"]
    assert sorted((s["isActive"], s["length"]["terms"][0]["years"]) for s in nomis) == sorted(
        (s.active, s.years or None) for s in p.nomis_sentences
    )
    assert {(t["weeks"], t["days"]) for s in nomis for t in s["length"]["terms"]} == {(None, None)}
