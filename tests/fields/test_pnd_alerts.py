"""Person.pndAlerts: resolvers/alerts.py (Person.alerts narrowed to PND_ALERT_CODES) ->
loaders.alerts_by_prisoner_number. No new upstream read, so no client or contract rows."""

from __future__ import annotations

from resolvers.alerts import PND_ALERT_CODES
from schema.person import Person as PersonType
from tests.conftest import query
from tests.fields.conftest import extensions_on

QUERY = """
query ($id: ID!) {
  person(hmppsId: $id) {
    pndAlerts(perPage: 100) { items { code dateCreated } pagination { totalCount } }
    alerts(perPage: 100) { items { code dateCreated } }
  }
}
"""


async def test_pnd_alerts_are_the_alerts_with_pnd_codes(graph, population, simulator):
    p = next(
        p
        for p in population.people
        if p.prisoner_number
        and any(a.code in PND_ALERT_CODES for a in p.alerts)
        and any(a.code not in PND_ALERT_CODES for a in p.alerts)
    )

    body = await query(graph, QUERY, id=p.prisoner_number)

    assert "errors" not in body, body
    person = body["data"]["person"]
    expected = [a for a in person["alerts"]["items"] if a["code"] in PND_ALERT_CODES]
    assert person["pndAlerts"]["items"] == expected and expected
    assert person["pndAlerts"]["pagination"]["totalCount"] == len(expected) < len(person["alerts"]["items"])
    # The same batched alerts read serves both fields.
    assert simulator.controls.endpoint_calls["alerts POST /search/alerts/prison-numbers"] == 1


async def test_probation_only_person_has_none(graph, population):
    p = next(p for p in population.people if p.crn and not p.prisoner_number)

    body = await query(graph, QUERY, id=p.crn)

    assert body["data"]["person"]["pndAlerts"]["items"] == []


def test_the_field_is_prison_filtered_and_served_to_limited_access_cases():
    assert extensions_on(PersonType, "pndAlerts") == {"PrisonFiltered"}


def test_the_pnd_codes_are_the_integration_apis_list():
    # hmpps-integration-api's PAPaginatedAlerts.PND_ALERT_CODES, in its order (removed from its code in
    # Nov 2025 when alert codes moved to the consumers' alertCodes filters).
    integration_api = [
        "BECTER", "HA", "XA", "XCA", "XEL", "XELH", "XER", "XHT", "XILLENT", "XIS", "XR", "XRF", "XSA", "HA2", "RCS",
        "RDV", "RKC", "RPB", "RPC", "RSS", "RST", "RDP", "REG", "RLG", "ROP", "RRV", "RTP", "RYP", "HS", "SC",
    ]  # fmt: skip
    assert len(integration_api) == len(set(integration_api)) == 30
    assert PND_ALERT_CODES == frozenset(integration_api)
