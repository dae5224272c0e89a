"""Person's own fields as the Integration API maps them: hmppsId (Offender.toPerson, POSPrisoner.toPerson),
the prison fields of PersonInPrison (POSPrisoner.toPersonInPrison, youthOffender among them), and where the
graph deliberately differs (docs/integration-api-coverage.md)."""

from __future__ import annotations

import pytest

from simulator.prisoner_search import is_youth_offender
from tests.cases import pick
from tests.conftest import query

QUERY = """query ($id: ID!) { person(hmppsId: $id) {
  hmppsId firstName middleName prisonId youthOffender identifiers { nomisNumber deliusCrn } } }"""

# (who, how to find them, which of their numbers is the hmppsId): the CRN when probation knows them, else
# the NOMIS number.
HMPPS_ID_ROWS = [
    ("in prison and on probation", lambda p: bool(p.prisoner_number and p.crn), "crn"),
    ("prison only", lambda p: bool(p.prisoner_number and not p.crn), "prisoner_number"),
    ("probation only", lambda p: bool(p.crn and not p.prisoner_number), "crn"),
]


@pytest.mark.parametrize(("who", "predicate", "key"), HMPPS_ID_ROWS, ids=[r[0] for r in HMPPS_ID_ROWS])
async def test_hmpps_id_is_the_crn_else_the_nomis_number(graph, population, who, predicate, key):
    p = pick(population, who, lambda p: predicate(p) and not (p.restricted or p.excluded))

    for asked_by in filter(None, (p.prisoner_number, p.crn)):
        body = await query(graph, QUERY, id=asked_by)
        assert "errors" not in body, body
        person = body["data"]["person"]
        assert person["hmppsId"] == getattr(p, key)
        assert person["identifiers"] == {"nomisNumber": p.prisoner_number, "deliusCrn": p.crn}


@pytest.mark.parametrize("youth", [True, False])
async def test_youth_offender_from_prisoner_search(graph, population, youth):
    p = pick(population, "prisoner", lambda p: bool(p.prisoner_number) and is_youth_offender(p) == youth)

    body = await query(graph, QUERY, id=p.prisoner_number)

    assert body["data"]["person"]["youthOffender"] is youth


async def test_probation_only_person_has_no_prison_fields(graph, population):
    p = pick(
        population, "probation only, no middle names", lambda p: p.crn and not p.prisoner_number and not p.middle_names
    )

    body = await query(graph, QUERY, id=p.crn)

    person = body["data"]["person"]
    assert (person["prisonId"], person["youthOffender"]) == (None, None)
    # The Integration API gives "" for no middle names from probation; the graph gives null, as for NOMIS.
    assert person["middleName"] is None
