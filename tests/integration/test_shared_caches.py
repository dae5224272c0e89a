"""Caches shared by requests, and a wing list that makes only the requests its fields need.

- The lighter wing list (NOMIS number, names, cell location, active alerts) asks nothing of
  probation on its way to the answer; the audit still names each person by both numbers, after it.
- A second wing list of the same prison makes no locations or identity requests.
- The caches hold upstream data only: every consumer's answer is the same with them warm as cold.
"""

from __future__ import annotations

import httpx
import pytest

from access.audit import MemoryAuditSink
from bench.queries import S2_LIGHT_QUERY, S2_QUERY, prison_list
from schema.audit import drain_audit_writes
from server import create_app
from settings import CacheSettings, Settings
from simulator.controls import FaultRule

LOCATIONS = "locations POST /locations/keys"
NOMS_NUMBERS = "probation-search POST /nomsNumbers"
VARIABLES = {"prisonId": "MDI", "page": 1, "perPage": 10}


@pytest.fixture
def audit() -> MemoryAuditSink:
    return MemoryAuditSink()


def app_for(simulator, audit: MemoryAuditSink, caches: CacheSettings | None = None):
    return create_app(
        Settings(timeout_seconds=2.0, caches=caches or CacheSettings()), embedded_simulator=simulator, audit_sink=audit
    )


async def post(app, consumer: str, simulator, document: str = S2_QUERY) -> dict:
    token = simulator.auth.issue(consumer, [])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        response = await client.post(
            "/graphql",
            json={"query": document, "variables": VARIABLES},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 200, response.text
    return response.json()


def calls(simulator) -> dict[str, int]:
    return {k: v for k, v in simulator.controls.endpoint_calls.items() if v}


async def test_the_lighter_wing_list_needs_no_probation_request(simulator, population, audit) -> None:
    simulator.controls.faults.append(FaultRule(target="probation-search", type="status", status=503))
    app = app_for(simulator, audit)
    body = await post(app, "full-access-client", simulator, S2_LIGHT_QUERY)
    assert "errors" not in body
    items = body["data"]["prison"]["prisoners"]["items"]
    people = prison_list(population)[:10]
    assert [i["identifiers"]["nomisNumber"] for i in items] == [p.prisoner_number for p in people]
    assert all(i["cellLocation"]["location"]["key"] for i in items)
    await drain_audit_writes()
    # Probation search is down: the answer is whole, and the audit is still written (by NOMIS number).
    assert sorted(r.person["nomisNumber"] for r in audit.records) == sorted(p.prisoner_number for p in people)
    assert {k for k in calls(simulator) if not k.startswith("probation-search")} == {
        "prisoner-search GET /prison/{prisonId}/prisoners",
        "alerts POST /search/alerts/prison-numbers",
        LOCATIONS,
    }
    await app.state.upstreams.aclose()


async def test_the_audit_names_each_person_by_both_numbers_after_the_answer(simulator, population, audit) -> None:
    app = app_for(simulator, audit)
    await post(app, "full-access-client", simulator, S2_LIGHT_QUERY)
    await drain_audit_writes()
    people = prison_list(population)[:10]
    assert sorted((r.person["nomisNumber"], r.person["crn"]) for r in audit.records) == sorted(
        (p.prisoner_number, p.crn) for p in people
    )
    assert all(r.fields["Person.identifiers"] == "served" for r in audit.records)
    assert calls(simulator)[NOMS_NUMBERS] == 1  # one batch, for the audit
    await app.state.upstreams.aclose()


@pytest.mark.parametrize("document", [S2_QUERY, S2_LIGHT_QUERY], ids=["wing list", "lighter wing list"])
async def test_a_second_wing_list_makes_no_locations_or_identity_requests(simulator, audit, document) -> None:
    app = app_for(simulator, audit)
    first = await post(app, "full-access-client", simulator, document)
    await drain_audit_writes()
    assert calls(simulator)[LOCATIONS] == 1
    assert calls(simulator)[NOMS_NUMBERS] == 1
    simulator.controls.reset_counters()
    second = await post(app, "full-access-client", simulator, document)
    await drain_audit_writes()
    assert second == first
    assert LOCATIONS not in calls(simulator)
    assert not [k for k in calls(simulator) if k.startswith("probation-search")]
    await app.state.upstreams.aclose()


async def test_caches_off_ask_every_time(simulator, audit) -> None:
    app = app_for(simulator, audit, CacheSettings(locations_ttl_seconds=0, identity_ttl_seconds=0))
    await post(app, "full-access-client", simulator, S2_LIGHT_QUERY)
    await post(app, "full-access-client", simulator, S2_LIGHT_QUERY)
    await drain_audit_writes()
    assert calls(simulator)[LOCATIONS] == 2
    assert calls(simulator)[NOMS_NUMBERS] == 2
    await app.state.upstreams.aclose()


@pytest.mark.parametrize(
    "consumer", ["private-prison-operator", "no-prisons-client", "probation-partner", "reference-only"]
)
async def test_access_control_is_the_same_with_the_caches_warm(simulator, audit, consumer) -> None:
    cold_app = app_for(simulator, MemoryAuditSink())
    cold = await post(cold_app, consumer, simulator)
    warm_app = app_for(simulator, audit)
    await post(warm_app, "full-access-client", simulator)  # fills the caches with everyone's data
    warm = await post(warm_app, consumer, simulator)
    assert warm == cold
    await drain_audit_writes()
    await cold_app.state.upstreams.aclose()
    await warm_app.state.upstreams.aclose()


async def test_a_person_by_crn_uses_a_remembered_nomis_number_but_never_trusts_it(simulator, population, audit) -> None:
    """The cached CRN -> NOMIS number only lets both records load side by side; a wrong one is corrected."""
    people = [p for p in population.people if p.crn and p.prisoner_number and p.prison_id == "MDI"][:2]
    person, other = people
    document = "query($id: ID!) { person(hmppsId: $id) { hmppsId lastName prisonId identifiers { nomisNumber } } }"
    app = app_for(simulator, audit)
    caches = app.state.caches
    await caches.store.put_many(caches.identity, {person.crn: other.prisoner_number})  # stale or wrong
    token = simulator.auth.issue("full-access-client", [])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        answers = [
            (
                await client.post(
                    "/graphql",
                    json={"query": document, "variables": {"id": person.crn}},
                    headers={"Authorization": f"Bearer {token}"},
                )
            ).json()
            for _ in range(2)
        ]
    for body in answers:
        assert body["data"]["person"] == {
            "hmppsId": person.crn,
            "lastName": person.last_name.upper(),
            "prisonId": "MDI",
            "identifiers": {"nomisNumber": person.prisoner_number},
        }
    await drain_audit_writes()
    await app.state.upstreams.aclose()
