"""Query.visit, Query.visits and Person.futureVisits: resolvers/visits.py -> upstream/visits.py ->
simulator/visits.py. How a visit maps from the visits service, compared with the Integration API's PVVisit."""

from __future__ import annotations

from simulator.visits import external_system
from tests.conftest import query

VISIT = """
query ($r: String!) {
  visit(reference: $r) { reference visitExternalSystemDetails { clientName clientVisitReference } }
}
"""


async def test_a_visit_booked_through_another_system_names_it_as_the_integration_api(graph, population):
    visits = [v for p in population.people if p.prison_id == "MDI" for v in p.visits]
    external = next(v for v in visits if external_system(v) is not None)
    direct = next(v for v in visits if external_system(v) is None)

    booked_outside = (await query(graph, VISIT, r=external.reference))["data"]["visit"]
    booked_here = (await query(graph, VISIT, r=direct.reference))["data"]["visit"]

    assert booked_outside["visitExternalSystemDetails"] == {
        "clientName": "visits-partner",
        "clientVisitReference": f"VP-{external.reference.upper()}",
    }
    assert booked_here["visitExternalSystemDetails"] is None
