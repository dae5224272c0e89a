"""Access control over real HTTP with real tokens from the HMPPS Auth stand-in: consumers x people."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.conftest import ask

CONSUMERS = [
    "full-access-client",
    "private-prison-operator",
    "probation-partner",
    "reference-only",
    "no-prisons-client",
]
PEOPLE = {
    "in MDI": lambda p: p.prison_id == "MDI" and p.crn and not (p.restricted or p.excluded) and p.rosh,
    "in BMI": lambda p: p.prison_id == "BMI" and p.crn and not (p.restricted or p.excluded) and p.rosh,
    "released": lambda p: p.prison_id == "OUT" and p.crn and not (p.restricted or p.excluded) and p.rosh,
    "probation only": lambda p: p.prisoner_number is None and not (p.restricted or p.excluded) and p.rosh,
    "limited access": lambda p: p.prison_id == "MDI" and (p.restricted or p.excluded) and p.rosh,
}
QUERY = """query($id: ID!) { person(hmppsId: $id) {
  hmppsId lastName gender alerts { pagination { totalCount } } risks { seriousHarm { summary { overallRiskLevel } } } } }"""

# What each consumer gets for each person: NOT_FOUND, FORBIDDEN (the whole person), or the
# fields it reads, each "data", "null" (removed) or an error code.
FULL = {"lastName": "data", "gender": "data", "alerts": "data", "seriousHarm": "data"}
LIMITED = {"lastName": "data", "gender": "null", "alerts": "data", "seriousHarm": "FORBIDDEN"}
OPERATOR = {"lastName": "data", "gender": "data", "alerts": "data", "seriousHarm": "FORBIDDEN"}
OPERATOR_LIMITED = {"lastName": "data", "gender": "null", "alerts": "data", "seriousHarm": "FORBIDDEN"}
PARTNER = {"lastName": "data", "gender": "FORBIDDEN", "alerts": "FORBIDDEN", "seriousHarm": "data"}
PARTNER_LIMITED = {"lastName": "data", "gender": "FORBIDDEN", "alerts": "FORBIDDEN", "seriousHarm": "FORBIDDEN"}
EXPECTED = {
    "full-access-client": {
        "in MDI": FULL,
        "in BMI": FULL,
        "released": FULL,
        "probation only": FULL,
        "limited access": LIMITED,
    },
    "private-prison-operator": {
        "in MDI": OPERATOR,
        "in BMI": "NOT_FOUND",
        "released": "NOT_FOUND",
        "probation only": "NOT_FOUND",
        "limited access": OPERATOR_LIMITED,
    },
    "probation-partner": {
        "in MDI": PARTNER,
        "in BMI": PARTNER,
        "released": PARTNER,
        "probation only": PARTNER,
        "limited access": PARTNER_LIMITED,
    },
    "reference-only": dict.fromkeys(PEOPLE, "FORBIDDEN"),
    "no-prisons-client": dict.fromkeys(PEOPLE, "NOT_FOUND"),
}


def outcome(body: dict) -> str | dict:
    person = body["data"]["person"]
    errors = {tuple(e["path"]): e["extensions"]["code"] for e in body.get("errors", [])}
    if person is None:
        return errors[("person",)]
    values = {
        "lastName": person["lastName"],
        "gender": person["gender"],
        "alerts": person["alerts"],
        "seriousHarm": (person["risks"] or {}).get("seriousHarm"),
    }
    paths = {
        "lastName": ("person", "lastName"),
        "gender": ("person", "gender"),
        "alerts": ("person", "alerts"),
        "seriousHarm": ("person", "risks", "seriousHarm"),
    }
    return {
        name: errors.get(paths[name]) or ("data" if value is not None else "null") for name, value in values.items()
    }


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_consumer_by_person(deployment, world, consumer):
    token = deployment.token(consumer)
    with httpx.Client(
        base_url=deployment.graph_url, timeout=30, headers={"Authorization": f"Bearer {token}"}
    ) as client:
        got = {}
        for kind, predicate in PEOPLE.items():
            person = next(p for p in world.people if predicate(p))
            got[kind] = outcome(ask(client, QUERY, id=person.crn))
    assert got == EXPECTED[consumer]
