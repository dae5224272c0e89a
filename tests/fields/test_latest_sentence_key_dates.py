"""Person.latestSentenceKeyDatesAndAdjustments: resolvers/key_dates.py -> loaders.sentence_detail_by_prisoner_number
and loaders.sentence_summary_by_prisoner_number -> upstream/prison_api.py -> simulator/prison_api.py."""

from __future__ import annotations

from datetime import date, timedelta

from resolvers.key_dates import adjustments_only
from schema.person import Person as PersonType
from simulator.controls import FaultRule
from simulator.population import Person, Population
from tests.cases import UNKNOWN_NOMS, Call, Case, CaseBuilder, pick
from tests.conftest import query
from tests.fields.conftest import extensions_on
from upstream.prison_api import PrisonApiClient, SentenceAdjustmentDetail

DETAIL = "prison-api GET /api/offenders/{offenderNo}/sentences"
SUMMARY = "prison-api GET /api/offenders/{offenderNo}/booking/latest/sentence-summary"

CLIENT_CASES = [
    Case(
        "prison_api.offender_sentence_detail",
        PrisonApiClient,
        "prison-api",
        lambda c: c.offender_sentence_detail("A1234AA"),
        "GET",
        "/api/offenders/A1234AA/sentences",
        {
            "bookingId": 1200924,
            "offenderNo": "A1234AA",
            "firstName": "JOHN",
            "mostRecentActiveBooking": True,
            "sentenceDetail": {"conditionalReleaseDate": "2026-03-01", "etdCalculatedDate": "2025-09-01"},
        },
        lambda r: (r.bookingId, r.sentenceDetail.conditionalReleaseDate, r.sentenceDetail.etdCalculatedDate),
        (1200924, date(2026, 3, 1), date(2025, 9, 1)),
        on_404=None,
        wrong_shape={"sentenceDetail": {"conditionalReleaseDate": "soon"}},
    ),
    Case(
        "prison_api.latest_sentence_summary",
        PrisonApiClient,
        "prison-api",
        lambda c: c.latest_sentence_summary("A1234AA"),
        "GET",
        "/api/offenders/A1234AA/booking/latest/sentence-summary",
        {
            "prisonerNumber": "A1234AA",
            "latestPrisonTerm": {"bookNumber": "12345A", "bookingId": 1, "sentenceAdjustments": {"remand": 30}},
        },
        lambda r: (r.latestPrisonTerm.bookingId, r.latestPrisonTerm.sentenceAdjustments.remand),
        (1, 30),
        on_404=None,
        wrong_shape={"latestPrisonTerm": {"bookingId": "x"}},
    ),
]


def with_override(pop: Population) -> Person:
    # The simulator overrides the CRD for one in four, gives ADA to one in six and UAL to one in ten.
    return pick(pop, "prisoner with an overridden CRD", lambda p: p.in_prison and p.index % 60 == 0)


CONTRACT_CASES: dict[str, dict[str, CaseBuilder]] = {
    DETAIL: {
        "known": lambda pop: Call(f"/api/offenders/{with_override(pop).prisoner_number}/sentences", 200, nonempty=True),
        "unknown": lambda pop: Call(f"/api/offenders/{UNKNOWN_NOMS}/sentences", 404),
    },
    SUMMARY: {
        "known": lambda pop: Call(
            f"/api/offenders/{with_override(pop).prisoner_number}/booking/latest/sentence-summary", 200, nonempty=True
        ),
        "unknown": lambda pop: Call(f"/api/offenders/{UNKNOWN_NOMS}/booking/latest/sentence-summary", 404),
    },
}

QUERY = """
query ($id: ID!) {
  person(hmppsId: $id) {
    latestSentenceKeyDatesAndAdjustments {
      adjustments { additionalDaysAwarded unlawfullyAtLarge remand }
      conditionalRelease { date overrideDate }
      licenceExpiry { date calculatedDate overrideDate }
      homeDetentionCurfew { eligibilityDate }
      nonDto { date releaseDateType }
      release { date confirmedDate }
      sentence { startDate expiryDate effectiveEndDate }
      tariffDate
    }
  }
}
"""


async def test_key_dates_and_adjustments(graph, population, simulator):
    p = with_override(population)
    start = p.reception_date
    assert start is not None
    crd = start + timedelta(days=365 * (2 + p.index % 5) // 2)

    body = await query(graph, QUERY, id=p.prisoner_number)

    assert "errors" not in body, body
    k = body["data"]["person"]["latestSentenceKeyDatesAndAdjustments"]
    assert k["conditionalRelease"] == {
        "date": str(crd - timedelta(days=14)),
        "overrideDate": str(crd - timedelta(days=14)),
    }
    assert k["adjustments"] == {"additionalDaysAwarded": 14, "unlawfullyAtLarge": 3, "remand": None}
    assert k["sentence"]["startDate"] == str(start)
    assert k["licenceExpiry"]["date"] == k["licenceExpiry"]["calculatedDate"] == k["sentence"]["expiryDate"]
    assert k["licenceExpiry"]["overrideDate"] is None and k["tariffDate"] is None
    assert k["nonDto"] == {"date": k["conditionalRelease"]["date"], "releaseDateType": "CRD"}
    assert simulator.controls.endpoint_calls[DETAIL] == 1 and simulator.controls.endpoint_calls[SUMMARY] == 1


async def test_a_failing_half_fails_the_field(graph, population, simulator):
    p = with_override(population)
    simulator.controls.faults.append(FaultRule(target=SUMMARY, type="status", status=503))

    body = await query(graph, QUERY, id=p.prisoner_number)

    assert body["data"]["person"]["latestSentenceKeyDatesAndAdjustments"] is None
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "upstream": "prison-api"}


async def test_probation_only_person_has_none_and_asks_nothing(graph, population, simulator):
    p = next(p for p in population.people if p.crn and not p.prisoner_number)

    body = await query(graph, QUERY, id=p.crn)

    assert body["data"]["person"]["latestSentenceKeyDatesAndAdjustments"] is None
    assert simulator.controls.endpoint_calls[DETAIL] == 0 and simulator.controls.endpoint_calls[SUMMARY] == 0


def test_the_field_is_prison_filtered_and_served_to_limited_access_cases():
    assert extensions_on(PersonType, "latestSentenceKeyDatesAndAdjustments") == {"PrisonFiltered"}


def test_adjustments_without_key_dates_are_answered_alone():
    # The Integration API answers when either half is there (GetLatestSentenceKeyDatesAndAdjustmentsForPersonService).
    k = adjustments_only(SentenceAdjustmentDetail(remand=12))
    assert k.adjustments is not None and k.adjustments.remand == 12
    assert (k.conditionalRelease, k.sentence, k.tariffDate) == (None, None, None)
