"""Person.needs: resolvers/needs.py -> loaders.needs_by_crn -> upstream/risks.py needs -> simulator/risks.py.
Its client and contract rows too."""

from __future__ import annotations

from datetime import datetime

from simulator.controls import FaultRule
from simulator.population import Person, Population
from simulator.risks import needs_json
from tests.cases import UNKNOWN_CRN, Call, Case, CaseBuilder, pick
from tests.conftest import query
from upstream.risks import RisksClient

ENDPOINT = "risks GET /needs/crn/{crn}"

CLIENT_CASES = [
    Case(
        "risks.needs",
        RisksClient,
        "risks",
        lambda c: c.needs("X123456"),
        "GET",
        "/needs/crn/X123456",
        {
            "identifiedNeeds": [
                {
                    "section": "DRUG_MISUSE",
                    "name": "Drug misuse",
                    "riskOfHarm": True,
                    "riskOfReoffending": True,
                    "severity": "SEVERE",
                    "score": 8,
                }
            ],
            "notIdentifiedNeeds": [],
            "unansweredNeeds": [{"section": "ATTITUDE", "name": "Attitudes"}],
            "assessedOn": "2026-04-13T18:53:39",
        },
        lambda r: (
            r.assessedOn,
            [(n.section, n.severity, n.riskOfHarm) for n in r.identifiedNeeds],
            [n.section for n in r.unansweredNeeds],
        ),
        (datetime(2026, 4, 13, 18, 53, 39), [("DRUG_MISUSE", "SEVERE", True)], ["ATTITUDE"]),
        on_404=None,
        wrong_shape={"identifiedNeeds": "DRUG_MISUSE"},
    ),
]


def assessed(pop: Population) -> Person:
    return pick(
        pop,
        "person with an OASys assessment",
        lambda p: bool(p.crn) and p.has_oasys and not (p.restricted or p.excluded),
    )


CONTRACT_CASES: dict[str, dict[str, CaseBuilder]] = {
    ENDPOINT: {
        "assessed": lambda pop: Call(f"/needs/crn/{assessed(pop).crn}", 200, nonempty=True),
        "unknown": lambda pop: Call(f"/needs/crn/{UNKNOWN_CRN}", 404),
    },
}

QUERY = """
query ($id: ID!) {
  person(hmppsId: $id) {
    needs {
      assessedOn
      identifiedNeeds { type riskOfHarm riskOfReoffending severity }
      notIdentifiedNeeds { type severity }
      unansweredNeeds { type severity }
    }
  }
}
"""


async def test_needs_of_the_latest_assessment(graph, population, simulator):
    p = assessed(population)

    body = await query(graph, QUERY, id=p.crn)

    assert "errors" not in body, body
    needs = body["data"]["person"]["needs"]
    expected = needs_json(p)
    assert needs["assessedOn"] == expected["assessedOn"]
    assert [(n["type"], n["severity"], n["riskOfHarm"]) for n in needs["identifiedNeeds"]] == [
        (n["section"], n["severity"], n["riskOfHarm"]) for n in expected["identifiedNeeds"]
    ]
    assert [n["type"] for n in needs["notIdentifiedNeeds"]] == [n["section"] for n in expected["notIdentifiedNeeds"]]
    assert [n["type"] for n in needs["unansweredNeeds"]] == [n["section"] for n in expected["unansweredNeeds"]]
    assert all(n["severity"] is None for n in needs["unansweredNeeds"])
    assert simulator.controls.endpoint_calls[ENDPOINT] == 1


async def test_no_assessment_or_no_crn_is_null(graph, population, simulator):
    unassessed = pick(population, "person with no OASys", lambda p: bool(p.crn) and not p.has_oasys)
    prison_only = pick(population, "prison-only person", lambda p: p.crn is None and bool(p.prisoner_number))

    first = await query(graph, QUERY, id=unassessed.crn)
    second = await query(graph, QUERY, id=prison_only.prisoner_number)

    assert first == {"data": {"person": {"needs": None}}}
    assert second == {"data": {"person": {"needs": None}}}
    assert simulator.controls.endpoint_calls[ENDPOINT] == 1


async def test_limited_access_is_rejected(graph, population):
    p = pick(population, "restricted person with OASys", lambda p: bool(p.crn) and p.restricted and p.has_oasys)

    body = await query(graph, QUERY, id=p.crn)

    assert body["data"]["person"]["needs"] is None
    assert body["errors"][0]["extensions"] == {"code": "FORBIDDEN", "reason": "LIMITED_ACCESS"}


async def test_oasys_failure_nulls_only_this_field(graph, population, simulator):
    p = assessed(population)
    simulator.controls.faults.append(FaultRule(target=ENDPOINT, type="status", status=503))

    body = await query(graph, "query ($id: ID!) { person(hmppsId: $id) { hmppsId needs { assessedOn } } }", id=p.crn)

    assert body["data"]["person"] == {"hmppsId": p.crn, "needs": None}
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "upstream": "risks"}
