"""Person.alerts(active:, codes:) through the in-process graph and simulator, expired alerts included."""

from __future__ import annotations

from datetime import date

from tests.conftest import query

ALERTS = """query($id: ID!, $active: Boolean, $codes: [String!]) { person(hmppsId: $id) {
  alerts(perPage: 100, active: $active, codes: $codes) {
    items { code active expired dateExpired dateCreated }
    pagination { totalCount }
  }
} }"""


def person_with_active_and_expired_alerts(population):
    today = population.today
    return next(
        p
        for p in population.people
        if p.prisoner_number
        and any(a.is_active(today) for a in p.alerts)
        and any(a.active_to is not None and a.active_to <= today for a in p.alerts)
        and len({a.code for a in p.alerts}) >= 2
    )


async def alerts(graph, hmpps_id, **arguments):
    body = await query(graph, ALERTS, id=hmpps_id, **arguments)
    assert "errors" not in body, body
    page = body["data"]["person"]["alerts"]
    assert page["pagination"]["totalCount"] == len(page["items"])
    return page["items"]


async def test_all_alerts_newest_first_with_expired_ones_marked(graph, population):
    p = person_with_active_and_expired_alerts(population)
    items = await alerts(graph, p.prisoner_number)
    assert sorted(i["code"] for i in items) == sorted(a.code for a in p.alerts)
    assert [i["dateCreated"] for i in items] == sorted((i["dateCreated"] for i in items), reverse=True)
    expired = [i for i in items if i["expired"]]
    assert expired and all(i["dateExpired"] and date.fromisoformat(i["dateExpired"]) <= date.today() for i in expired)
    assert all(not i["active"] for i in expired)
    assert all(
        i["dateExpired"] is None or date.fromisoformat(i["dateExpired"]) > date.today()
        for i in items
        if not i["expired"]
    )


async def test_active_true_and_false_split_the_alerts(graph, population):
    p = person_with_active_and_expired_alerts(population)
    today = population.today
    active = await alerts(graph, p.prisoner_number, active=True)
    inactive = await alerts(graph, p.prisoner_number, active=False)
    assert active and all(i["active"] for i in active)
    assert inactive and not any(i["active"] for i in inactive)
    assert len(active) == sum(a.is_active(today) for a in p.alerts)
    assert len(active) + len(inactive) == len(p.alerts)
    assert any(i["expired"] for i in inactive)


async def test_codes_select_alerts_and_combine_with_active(graph, population):
    p = person_with_active_and_expired_alerts(population)
    today = population.today
    expired_code = next(a.code for a in p.alerts if a.active_to is not None and a.active_to <= today)
    items = await alerts(graph, p.prisoner_number, codes=[expired_code])
    assert {i["code"] for i in items} == {expired_code}
    assert len(items) == sum(a.code == expired_code for a in p.alerts)
    active_only = await alerts(graph, p.prisoner_number, codes=[expired_code], active=True)
    assert active_only == [i for i in items if i["active"]]
    assert await alerts(graph, p.prisoner_number, codes=["NOT-A-CODE"]) == []
    assert len(await alerts(graph, p.prisoner_number, codes=[])) == len(p.alerts)  # an empty list: no code filter


async def test_probation_only_person_has_no_alerts(graph, population):
    p = next(p for p in population.people if p.prisoner_number is None)
    assert await alerts(graph, p.crn) == []
