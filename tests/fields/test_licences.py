"""Person.licences: resolvers/licences.py -> loaders.licence_summaries_by_crn and loaders.licence_by_id ->
upstream/licences.py -> simulator/licences.py. Its client and contract rows too."""

from __future__ import annotations

from datetime import UTC, datetime

from simulator.controls import FaultRule
from simulator.licences import licences_of
from simulator.population import Person, Population
from tests.cases import UNKNOWN_CRN, Call, Case, CaseBuilder, pick
from tests.conftest import query
from upstream.licences import LicencesClient

SUMMARIES = "licences GET /public/licence-summaries/crn/{crn}"
LICENCE = "licences GET /public/licences/id/{licenceId}"

SUMMARY = {
    "id": 99999,
    "licenceType": "AP",
    "policyVersion": "V2_1",
    "version": "1.4",
    "statusCode": "ACTIVE",
    "prisonNumber": "A1234AA",
    "bookingId": 989898,
    "crn": "X123456",
    "approvedDateTime": "2023-11-20T00:00:00Z",
    "createdByUsername": "X12333",
    "createdDateTime": "2023-11-01T09:00:00Z",
    "isInPssPeriod": False,
}

CLIENT_CASES = [
    Case(
        "licences.licence_summaries",
        LicencesClient,
        "licences",
        lambda c: c.licence_summaries("X123456"),
        "GET",
        "/public/licence-summaries/crn/X123456",
        [SUMMARY],
        lambda r: [(s.id, s.statusCode, s.licenceType, s.approvedDateTime) for s in r],
        [(99999, "ACTIVE", "AP", datetime(2023, 11, 20, tzinfo=UTC))],
        on_404=None,
        wrong_shape={"id": 99999},
    ),
    Case(
        "licences.licence",
        LicencesClient,
        "licences",
        lambda c: c.licence(99999),
        "GET",
        "/public/licences/id/99999",
        {
            **SUMMARY,
            "conditions": {
                "AP": {
                    "standard": [{"code": "c1", "text": "Not commit any offence."}],
                    "additional": [
                        {"id": 1, "type": "STANDARD", "code": "c2", "category": "Residence", "text": "Reside at X"}
                    ],
                    "bespoke": [{"text": "You should not visit Y"}],
                },
                "PSS": {"standard": [], "additional": []},
            },
        },
        lambda r: (
            r.id,
            [(c.type, c.category, c.text) for c in r.conditions.ap.additional],
            [b.text for b in r.conditions.ap.bespoke],
        ),
        (99999, [("STANDARD", "Residence", "Reside at X")], ["You should not visit Y"]),
        on_404=None,
        wrong_shape={**SUMMARY, "conditions": {"AP": {"additional": "none"}}},
    ),
]


def on_licence(pop: Population, every_kind: bool = False) -> Person:
    # Even index: an electronic monitoring condition; index % 5 == 0: a bespoke one; % 3 == 0: AP_PSS.
    return pick(
        pop,
        "released person on licence",
        lambda p: p.prison_id == "OUT" and bool(licences_of(p, pop.today)) and p.index % (30 if every_kind else 6) == 0,
    )


CONTRACT_CASES: dict[str, dict[str, CaseBuilder]] = {
    SUMMARIES: {
        "on licence": lambda pop: Call(f"/public/licence-summaries/crn/{on_licence(pop).crn}", 200, nonempty=True),
        "unknown": lambda pop: Call(f"/public/licence-summaries/crn/{UNKNOWN_CRN}", 200),
    },
    LICENCE: {
        "known": lambda pop: Call(
            f"/public/licences/id/{licences_of(on_licence(pop), pop.today)[0]['id']}", 200, nonempty=True
        ),
        "unknown": lambda pop: Call("/public/licences/id/1", 404),
    },
}

QUERY = """
query ($id: ID!) {
  person(hmppsId: $id) {
    licences { status typeCode createdDate approvedDate updatedDate conditions { type code category condition } }
  }
}
"""


async def test_licence_with_status_dates_and_conditions(graph, population, simulator):
    p = on_licence(population, every_kind=True)

    body = await query(graph, QUERY, id=p.crn)

    assert "errors" not in body, body
    [licence] = body["data"]["person"]["licences"]
    [expected] = licences_of(p, population.today)
    assert licence["status"] == "ACTIVE" and licence["typeCode"] == expected["licenceType"] == "AP_PSS"
    assert licence["approvedDate"] is not None and licence["approvedDate"][:10] < p.release_date.isoformat()
    # The Integration API's list and order (CvlLicenceCondition): AP bespoke, AP standard, AP additional, PSS
    # additional, PSS standard; the standard conditions included.
    assert [c["type"] for c in licence["conditions"]] == [
        "Bespoke",
        *["Standard"] * len(expected["conditions"]["AP"]["standard"]),
        "STANDARD",
        "ELECTRONIC_MONITORING",
        *["Standard"] * len(expected["conditions"]["PSS"]["standard"]),
    ]
    assert len(expected["conditions"]["PSS"]["standard"]) == 1
    assert licence["conditions"][0]["condition"] == "You must not contact the victim."
    assert licence["conditions"][1] == {
        "type": "Standard",
        "code": expected["conditions"]["AP"]["standard"][0]["code"],
        "category": None,
        "condition": expected["conditions"]["AP"]["standard"][0]["text"],
    }
    assert simulator.controls.endpoint_calls[SUMMARIES] == 1 and simulator.controls.endpoint_calls[LICENCE] == 1


async def test_a_licence_being_prepared_is_not_approved(graph, population):
    p = pick(
        population,
        "prisoner with a licence in progress",
        lambda p: p.in_prison and bool(licences_of(p, population.today)),
    )

    [licence] = (await query(graph, QUERY, id=p.crn))["data"]["person"]["licences"]

    assert licence["status"] == "IN_PROGRESS" and licence["approvedDate"] is None


async def test_no_licence_or_no_crn_is_empty(graph, population, simulator):
    none = pick(
        population,
        "person known to probation with no licence",
        lambda p: bool(p.crn) and not licences_of(p, population.today),
    )
    prison_only = pick(population, "prison-only person", lambda p: p.crn is None and bool(p.prisoner_number))

    assert (await query(graph, QUERY, id=none.crn))["data"]["person"]["licences"] == []
    assert (await query(graph, QUERY, id=prison_only.prisoner_number))["data"]["person"]["licences"] == []
    assert simulator.controls.endpoint_calls[SUMMARIES] == 1 and simulator.controls.endpoint_calls[LICENCE] == 0


async def test_failure_nulls_only_this_field(graph, population, simulator):
    p = on_licence(population)
    simulator.controls.faults.append(FaultRule(target=LICENCE, type="status", status=503))

    body = await query(graph, "query ($id: ID!) { person(hmppsId: $id) { hmppsId licences { status } } }", id=p.crn)

    assert body["data"]["person"] == {"hmppsId": p.crn, "licences": None}
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "upstream": "licences"}
