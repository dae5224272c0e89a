"""Person.visitOrders: resolvers/visits.py -> loaders.visit_balances_by_prisoner_number ->
upstream/prison_api.py visit_balances -> simulator/prison_api.py. Its client and contract rows too."""

from __future__ import annotations

from schema.person import Person as PersonType
from simulator.controls import FaultRule
from simulator.population import Person, Population
from tests.cases import UNKNOWN_NOMS, Call, Case, CaseBuilder, pick
from tests.conftest import query
from tests.fields.conftest import AsConsumer, extensions_on
from upstream.prison_api import PrisonApiClient

ENDPOINT = "prison-api GET /api/bookings/offenderNo/{offenderNo}/visit/balances"

CLIENT_CASES = [
    Case(
        "prison_api.visit_balances",
        PrisonApiClient,
        "prison-api",
        lambda c: c.visit_balances("A1234AA"),
        "GET",
        "/api/bookings/offenderNo/A1234AA/visit/balances",
        {"remainingVo": 2, "remainingPvo": 1, "latestIepAdjustDate": "2024-05-01"},
        lambda r: (r.remainingVo, r.remainingPvo),
        (2, 1),
        on_404=None,
        wrong_shape={"remainingVo": "lots"},
    ),
]


def with_balances(pop: Population) -> Person:
    # The simulator derives the balances from the index: index % 4 visit orders, index % 3 privilege ones.
    return pick(pop, "prisoner with visit orders left", lambda p: bool(p.booking_id) and p.index % 12 == 7)


CONTRACT_CASES: dict[str, dict[str, CaseBuilder]] = {
    ENDPOINT: {
        "known": lambda pop: Call(f"/api/bookings/offenderNo/{with_balances(pop).prisoner_number}/visit/balances", 200),
        "unknown": lambda pop: Call(f"/api/bookings/offenderNo/{UNKNOWN_NOMS}/visit/balances", 404),
    },
}

QUERY = (
    "query ($id: ID!) { person(hmppsId: $id) { visitOrders { remainingVisitOrders remainingPrivilegeVisitOrders } } }"
)


async def test_visit_orders_left(graph, population, simulator):
    p = with_balances(population)

    body = await query(graph, QUERY, id=p.prisoner_number)

    assert "errors" not in body, body
    assert body["data"]["person"]["visitOrders"] == {
        "remainingVisitOrders": p.index % 4,
        "remainingPrivilegeVisitOrders": p.index % 3,
    }
    assert simulator.controls.endpoint_calls[ENDPOINT] == 1


async def test_probation_only_person_has_none_and_asks_nothing(graph, population, simulator):
    p = next(p for p in population.people if p.crn and not p.prisoner_number)

    body = await query(graph, QUERY, id=p.crn)

    assert "errors" not in body, body
    assert body["data"]["person"]["visitOrders"] is None
    assert simulator.controls.endpoint_calls[ENDPOINT] == 0


async def test_upstream_failure_nulls_only_this_field(graph, population, simulator):
    p = with_balances(population)
    simulator.controls.faults.append(FaultRule(target=ENDPOINT, type="status", status=503))

    body = await query(
        graph,
        "query ($id: ID!) { person(hmppsId: $id) { firstName visitOrders { remainingVisitOrders } } }",
        id=p.prisoner_number,
    )

    assert body["data"]["person"]["firstName"] == p.first_name.upper()
    assert body["data"]["person"]["visitOrders"] is None
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "upstream": "prison-api"}


async def test_prison_filtered_consumer_cannot_see_another_prisons_visit_orders(as_consumer: AsConsumer, population):
    elsewhere = pick(
        population, "prisoner outside MDI and LEI", lambda p: p.in_prison and p.prison_id not in ("MDI", "LEI")
    )

    body = await query(as_consumer("private-prison-operator"), QUERY, id=elsewhere.prisoner_number)

    assert body["data"]["person"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_the_field_is_prison_filtered_and_served_to_limited_access_cases():
    # PrisonFiltered: a person reached any way (a search, another person's field) is checked again;
    # no LimitedAccessPolicy: prison data, served whole (docs/access-control.md).
    assert extensions_on(PersonType, "visitOrders") == {"PrisonFiltered"}
