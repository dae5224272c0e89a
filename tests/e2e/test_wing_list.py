"""The core issue's done-when test: 100 prisoners of one prison, over real HTTP, the graph in front
of the standalone simulator; the data checked against the population, the upstream calls counted."""

from __future__ import annotations

from collections import Counter

from tests.e2e.conftest import ask

WING_LIST = """query WingList { prison(prisonId: "MDI") { prisoners(page: 1, perPage: 100) {
  items {
    hmppsId identifiers { nomisNumber deliusCrn } firstName lastName
    alerts(perPage: 100) { items { code active dateCreated } pagination { totalCount } }
    cellLocation { prisonCode cell location {
      key locationType capacity { maxCapacity workingCapacity } certification { certified }
      hierarchy { key locationType } } }
    sentences(perPage: 100) { items { serviceSource dateOfSentencing description } }
    risks { seriousHarm { summary { overallRiskLevel } } mappaDetail { level } }
    contacts(perPage: 100) { items { contact { contactId firstName } relationship { relationshipToPrisonerCode } }
                             pagination { totalCount } }
  }
  pagination { totalCount page perPage }
} } }"""

# Endpoints that take many ids at once: each may be called once per dependency level.
BATCH_ENDPOINTS = {
    "prisoner-search GET /prison/{prisonId}/prisoners",
    "alerts POST /search/alerts/prison-numbers",
    "locations POST /locations/keys",
    "probation-search POST /nomsNumbers",
    "delius POST /probation-cases/access",
}


def test_a_hundred_prisoners_with_everything(clean, full_access, world):
    body = ask(full_access, WING_LIST)
    page = body["data"]["prison"]["prisoners"]
    expected = sorted(world.prisoners_in("MDI"), key=lambda p: (p.last_name, p.first_name, p.prisoner_number))
    assert page["pagination"] == {"totalCount": len(expected), "page": 1, "perPage": 100}
    people = expected[:100]
    # The only errors: limited-access people's withheld risk of serious harm.
    limited = [i for i, p in enumerate(people) if p.restricted or p.excluded]
    assert limited, "the first 100 should include a limited-access case"
    assert sorted((e["path"], e["extensions"]) for e in body.get("errors", [])) == sorted(
        (["prison", "prisoners", "items", i, "risks", "seriousHarm"], {"code": "FORBIDDEN", "reason": "LIMITED_ACCESS"})
        for i in limited
    )
    assert [item["identifiers"]["nomisNumber"] for item in page["items"]] == [p.prisoner_number for p in people]

    for item, p in zip(page["items"], people, strict=False):
        assert item["hmppsId"] == (p.crn or p.prisoner_number)
        assert item["identifiers"]["deliusCrn"] == p.crn
        assert (item["firstName"], item["lastName"]) == (p.first_name.upper(), p.last_name.upper())
        assert sorted(a["code"] for a in item["alerts"]["items"]) == sorted(a.code for a in p.alerts)
        assert sorted((a["code"], a["active"], a["dateCreated"]) for a in item["alerts"]["items"]) == sorted(
            (a.code, a.is_active(world.today), a.created_at.date().isoformat()) for a in p.alerts
        )
        assert item["alerts"]["pagination"]["totalCount"] == len(p.alerts)
        assert [a["dateCreated"] for a in item["alerts"]["items"]] == sorted(
            (a["dateCreated"] for a in item["alerts"]["items"]), reverse=True
        )
        cell = item["cellLocation"]
        assert (cell["prisonCode"], cell["cell"]) == ("MDI", p.cell_location)
        record = world.locations[p.cell_key]
        assert cell["location"]["key"] == p.cell_key and cell["location"]["locationType"] == "CELL"
        assert cell["location"]["capacity"] == {
            "maxCapacity": record.max_capacity,
            "workingCapacity": record.working_capacity,
        }
        assert cell["location"]["certification"] == {"certified": record.certified}
        wing, landing = p.cell_location.split("-")[:2]
        assert cell["location"]["hierarchy"] == [
            {"key": p.cell_key, "locationType": "CELL"},
            {"key": f"MDI-{wing}-{landing}", "locationType": "LANDING"},
            {"key": f"MDI-{wing}", "locationType": "WING"},
        ]
        assert (
            Counter(s["serviceSource"] for s in item["sentences"]["items"])
            == Counter({"PRISON_API": len(p.nomis_sentences), "NDELIUS": len(p.supervisions)}) - Counter()
        )
        assert [c["contact"]["contactId"] for c in item["contacts"]["items"]] == [c.contact_id for c in p.contacts]
        assert item["contacts"]["pagination"]["totalCount"] == len(p.contacts)
        if p.restricted or p.excluded or not p.rosh:
            assert item["risks"]["seriousHarm"] is None
        else:
            assert item["risks"]["seriousHarm"]["summary"]["overallRiskLevel"] == p.rosh["summary"]["overallRiskLevel"]
        assert item["risks"]["mappaDetail"] == ({"level": p.mappa["level"]} if p.mappa else None)

    calls = clean.admin("GET", "/counters").json()
    endpoints, paths = calls["endpoints"], calls["paths"]
    # One request per batchable endpoint per dependency level ...
    for endpoint in BATCH_ENDPOINTS:
        assert endpoints.get(endpoint) == 1, (endpoint, endpoints.get(endpoint))
    # ... and no person-level endpoint called twice for the same person.
    assert {path: n for path, n in paths.items() if n > 1} == {}
    with_crn = [p for p in people if p.crn]
    assert endpoints["prison-api GET /api/offender-sentences/booking/{bookingId}/sentences-and-offences"] == len(people)
    assert endpoints["contacts GET /prisoner/{prisonNumber}/contact"] == len(people)
    assert endpoints["delius GET /case/{crn}/supervisions"] == len(with_crn)
    assert endpoints["risks GET /risks/crn/{crn}"] == len(with_crn)

    # ... once for each person who needs them: exactly these people, each once.
    def called(service_and_method: str) -> set[str]:
        """The concrete paths called on one service with one method."""
        return {path.split(" ", 2)[2] for path in paths if path.startswith(f"{service_and_method} ")}

    assert called("prison-api GET") == {
        f"/api/offender-sentences/booking/{p.booking_id}/sentences-and-offences" for p in people
    }
    assert called("contacts GET") == {f"/prisoner/{p.prisoner_number}/contact" for p in people}
    assert called("delius GET") == {f"/case/{p.crn}/supervisions" for p in with_crn}
    assert called("risks GET") == {f"/risks/crn/{p.crn}" for p in with_crn}
    assert called("prisoner-search GET") == {"/prison/MDI/prisoners"}
    assert set(endpoints) == BATCH_ENDPOINTS | {
        "prison-api GET /api/offender-sentences/booking/{bookingId}/sentences-and-offences",
        "contacts GET /prisoner/{prisonNumber}/contact",
        "delius GET /case/{crn}/supervisions",
        "risks GET /risks/crn/{crn}",
    }
