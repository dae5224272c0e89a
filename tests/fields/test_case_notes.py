"""Person.caseNotes: resolvers/case_notes.py -> loaders.case_notes_by_search -> upstream/case_notes.py
search_case_notes -> simulator/case_notes.py; the consumer's caseNotes filter (access/case_notes.py)
and limited-access masking. Its client and contract rows too."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest

from access.case_notes import permitted_case_note_types
from access.redactions import REDACTED
from server import create_app
from settings import Settings
from simulator.case_notes import case_notes_of
from simulator.controls import FaultRule
from simulator.population import Person, Population
from tests.cases import UNKNOWN_NOMS, Call, Case, CaseBuilder, pick
from tests.conftest import query
from upstream.case_notes import CaseNotesClient, CaseNoteSearch

ENDPOINT = "case-notes POST /search/case-notes/{personIdentifier}"

NOTE = {
    "caseNoteId": "518b2200-6489-4c77-8514-10cf80ccd488",
    "offenderIdentifier": "A1234AA",
    "type": "KA",
    "typeDescription": "Key Worker Activity",
    "subType": "KS",
    "subTypeDescription": "Key Worker Session",
    "source": "INST",
    "creationDateTime": "2025-03-01T10:00:00",
    "occurrenceDateTime": "2025-03-01T09:30:00",
    "authorName": "John Smith",
    "authorUserId": "12345",
    "authorUsername": "USER1",
    "text": "This is some text",
    "locationId": "MDI",
    "eventId": 1,
    "sensitive": False,
    "amendments": [
        {
            "creationDateTime": "2025-03-02T10:00:00",
            "authorUserName": "U2",
            "authorName": "A B",
            "additionalNoteText": "More",
        }
    ],
    "systemGenerated": False,
    "legacyId": 1,
}

CLIENT_CASES = [
    Case(
        "case_notes.search_case_notes",
        CaseNotesClient,
        "case-notes",
        lambda c: c.search_case_notes(
            CaseNoteSearch(
                "A1234AA",
                (("KA", ()), ("PRISON", ("RELEASE",))),
                datetime(2025, 1, 1),
                datetime(2025, 12, 31, 23, 59, 59),
                2,
                5,
            )
        ),
        "POST",
        "/search/case-notes/A1234AA",
        {"content": [NOTE], "metadata": {"totalElements": 6, "page": 2, "size": 5}, "hasCaseNotes": True},
        lambda r: (
            r.metadata.totalElements,
            [(n.type, n.subType, n.text, [a.additionalNoteText for a in n.amendments]) for n in r.content],
        ),
        (6, [("KA", "KS", "This is some text", ["More"])]),
        on_404=None,
        wrong_shape={"content": [{"caseNoteId": "x"}], "metadata": {}},
        body={
            "includeSensitive": True,
            "page": 2,
            "size": 5,
            "sort": "occurrenceDateTime,desc",
            "typeSubTypes": [{"type": "KA", "subTypes": []}, {"type": "PRISON", "subTypes": ["RELEASE"]}],
            "occurredFrom": "2025-01-01T00:00:00",
            "occurredTo": "2025-12-31T23:59:59",
        },
    ),
]


def with_many_notes(pop: Population) -> Person:
    # Key-worker notes (index % 3), general, OMiC and OPD notes (% 4, 5, 10) and alert notes.
    return pick(
        pop,
        "prisoner in custody with alerts and every kind of routine note",
        lambda p: p.in_prison and p.index % 60 == 0 and bool(p.alerts) and not (p.restricted or p.excluded),
    )


def released(pop: Population) -> Person:
    return pick(pop, "released prisoner", lambda p: p.prison_id == "OUT" and p.release_date is not None)


CONTRACT_CASES: dict[str, dict[str, CaseBuilder]] = {
    ENDPOINT: {
        "all": lambda pop: Call(
            f"/search/case-notes/{with_many_notes(pop).prisoner_number}",
            200,
            json={"includeSensitive": True, "page": 1, "size": 20, "sort": "occurrenceDateTime,desc"},
            nonempty=True,
        ),
        "by type and date": lambda pop: Call(
            f"/search/case-notes/{released(pop).prisoner_number}",
            200,
            json={
                "includeSensitive": False,
                "page": 1,
                "size": 5,
                "typeSubTypes": [{"type": "PRISON", "subTypes": ["RELEASE"]}, {"type": "ALERT", "subTypes": []}],
                "occurredFrom": "2000-01-01T00:00:00",
                "occurredTo": (pop.today + timedelta(days=1)).isoformat() + "T00:00:00",
            },
            nonempty=True,
        ),
        "unknown": lambda pop: Call(f"/search/case-notes/{UNKNOWN_NOMS}", 200, json={"page": 1, "size": 10}),
    },
}


# ---- the filter rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("listed", "expected"),
    [
        (None, None),  # no filter: every type
        (frozenset(), ()),  # empty: none
        (frozenset({"KA"}), (("KA", ()),)),
        (
            frozenset({"PRISON-RELEASE", "ALERT-ACTIVE", "ALERT-INACTIVE"}),
            (("ALERT", ("ACTIVE", "INACTIVE")), ("PRISON", ("RELEASE",))),
        ),
        (frozenset({"KA", "KA-KS"}), (("KA", ()),)),  # the whole type wins
        (frozenset({"OMIC_OPD", "omic"}), (("OMIC", ()), ("OMIC_OPD", ()))),  # underscores are part of the type
        (frozenset({"*"}), None),  # "*": every type, as the Integration API reads it
        (frozenset({"KA", "*"}), None),
    ],
)
def test_permitted_case_note_types(listed, expected):
    assert permitted_case_note_types(listed) == expected


# ---- through the graph -------------------------------------------------------------------------------

QUERY = """
query ($id: ID!, $from: Date, $to: Date, $loc: String, $page: Int, $perPage: Int) {
  person(hmppsId: $id) {
    caseNotes(startDate: $from, endDate: $to, locationId: $loc, page: $page, perPage: $perPage) {
      items { caseNoteId type subType occurrenceDateTime text locationId sensitive amendments { additionalNoteText } }
      pagination { totalCount totalPages page count }
    }
  }
}
"""


def notes_of(body: dict) -> list[dict]:
    assert "errors" not in body, body
    return body["data"]["person"]["caseNotes"]["items"]


async def test_every_note_newest_first_consistent_with_the_person(graph, population, simulator):
    p = with_many_notes(population)

    body = await query(graph, QUERY, id=p.prisoner_number, perPage=100)

    rows = notes_of(body)
    expected = case_notes_of(p, population.today)
    assert [r["caseNoteId"] for r in rows] == [n["caseNoteId"] for n in expected]
    assert [r["occurrenceDateTime"] for r in rows] == sorted((r["occurrenceDateTime"] for r in rows), reverse=True)
    kinds = {(r["type"], r["subType"]) for r in rows}
    assert {("KA", "KS"), ("GEN", "OSE"), ("OMIC", "GEN"), ("OMIC_OPD", "GEN"), ("ALERT", "ACTIVE")} <= kinds
    assert sum(1 for r in rows if r["type"] == "ALERT" and r["subType"] == "ACTIVE") == len(p.alerts)
    assert simulator.controls.endpoint_calls[ENDPOINT] == 1


async def test_a_released_person_has_a_release_note(graph, population):
    p = released(population)

    rows = notes_of(await query(graph, QUERY, id=p.prisoner_number, perPage=100))

    release = [r for r in rows if (r["type"], r["subType"]) == ("PRISON", "RELEASE")]
    assert len(release) == 1 and release[0]["occurrenceDateTime"].startswith(p.release_date.isoformat())
    assert release[0]["locationId"] == p.last_prison_id


async def test_pages_dates_and_location(graph, population):
    p = with_many_notes(population)
    every = case_notes_of(p, population.today)

    first = await query(graph, QUERY, id=p.prisoner_number, page=2, perPage=2)
    assert [r["caseNoteId"] for r in notes_of(first)] == [n["caseNoteId"] for n in every[2:4]]
    assert first["data"]["person"]["caseNotes"]["pagination"]["totalCount"] == len(every)

    day = every[0]["occurrenceDateTime"][:10]
    dated = notes_of(await query(graph, QUERY, id=p.prisoner_number, **{"from": day, "to": day}))
    assert dated and all(r["occurrenceDateTime"].startswith(day) for r in dated)

    elsewhere = notes_of(await query(graph, QUERY, id=p.prisoner_number, loc="ZZZ"))
    here = notes_of(await query(graph, QUERY, id=p.prisoner_number, loc=p.prison_id.lower(), perPage=100))
    assert elsewhere == [] and len(here) == len([n for n in every if n["locationId"] == p.prison_id])


async def test_bad_arguments_are_bad_user_input(graph, population, simulator):
    p = with_many_notes(population)
    for arguments in ({"loc": "../x"}, {"from": "2025-02-01", "to": "2025-01-01"}, {"perPage": 0}):
        body = await query(graph, QUERY, id=p.prisoner_number, **arguments)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body
    assert simulator.controls.endpoint_calls[ENDPOINT] == 0


async def test_probation_only_person_has_none_and_asks_nothing(graph, population, simulator):
    p = next(p for p in population.people if p.crn and not p.prisoner_number)

    assert notes_of(await query(graph, QUERY, id=p.crn)) == []
    assert simulator.controls.endpoint_calls[ENDPOINT] == 0


async def test_limited_access_text_is_masked(graph, population):
    p = pick(population, "restricted prisoner with notes", lambda p: p.in_prison and p.restricted and p.index % 3 == 0)

    rows = notes_of(await query(graph, QUERY, id=p.prisoner_number, perPage=100))

    assert rows and {r["text"] for r in rows} == {REDACTED}
    assert {a["additionalNoteText"] for r in rows for a in r["amendments"]} == {REDACTED}
    assert {r["type"] for r in rows} >= {"KA"}  # the rest of each note is still there


async def test_upstream_failure_nulls_only_this_field(graph, population, simulator):
    p = with_many_notes(population)
    simulator.controls.faults.append(FaultRule(target=ENDPOINT, type="status", status=503))

    body = await query(
        graph,
        "query ($id: ID!) { person(hmppsId: $id) { firstName caseNotes { items { text } } } }",
        id=p.prisoner_number,
    )

    assert body["data"]["person"]["firstName"] == p.first_name.upper()
    assert body["data"]["person"]["caseNotes"] is None
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "upstream": "case-notes"}


CONSUMERS = """
roles:
  notes:
    include: [Query.person, Person.caseNotes]
consumers:
  release-notes-only:
    roles: [notes]
    filters: {caseNotes: [PRISON-RELEASE, KA]}
  no-notes:
    roles: [notes]
    filters: {caseNotes: []}
  every-note:
    roles: [notes]
"""


@pytest.fixture
async def as_consumer(simulator, tmp_path):
    path = tmp_path / "consumers.yml"
    path.write_text(CONSUMERS)
    app = create_app(Settings(timeout_seconds=2.0, consumers_file=str(path)), embedded_simulator=simulator)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:

        def for_consumer(name: str) -> httpx.AsyncClient:
            client.headers["Authorization"] = f"Bearer {simulator.auth.issue(name, [])}"
            return client

        yield for_consumer
    await app.state.upstreams.aclose()


async def test_the_consumers_filter_lists_the_types_it_sees(as_consumer, population, simulator):
    p = pick(population, "released prisoner with key-worker notes", lambda p: p.prison_id == "OUT" and p.index % 3 == 0)
    every = case_notes_of(p, population.today)

    listed = notes_of(await query(as_consumer("release-notes-only"), QUERY, id=p.prisoner_number, perPage=100))
    unfiltered = notes_of(await query(as_consumer("every-note"), QUERY, id=p.prisoner_number, perPage=100))
    calls = simulator.controls.endpoint_calls[ENDPOINT]
    nothing = notes_of(await query(as_consumer("no-notes"), QUERY, id=p.prisoner_number))

    assert {(r["type"], r["subType"]) for r in listed} == {("PRISON", "RELEASE"), ("KA", "KS")}
    assert len(unfiltered) == len(every) > len(listed)
    assert nothing == [] and simulator.controls.endpoint_calls[ENDPOINT] == calls  # an empty filter asks nothing
