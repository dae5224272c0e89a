"""Query.person through the in-process graph and simulator: data, identifiers and errors."""

from __future__ import annotations

from tests.conftest import query

PERSON = """query($id: ID!) { person(hmppsId: $id) {
  hmppsId firstName lastName dateOfBirth prisonId status
  identifiers { nomisNumber deliusCrn croNumber }
} }"""


def pick(population, predicate):
    return next(p for p in population.people if predicate(p))


async def test_person_by_nomis_number_has_both_identifiers(graph, population):
    p = pick(population, lambda p: p.in_prison and p.crn)
    body = await query(graph, PERSON, id=p.prisoner_number)
    person = body["data"]["person"]
    assert "errors" not in body
    assert person["hmppsId"] == p.crn
    assert person["identifiers"] == {"nomisNumber": p.prisoner_number, "deliusCrn": p.crn, "croNumber": p.cro_number}
    assert person["lastName"].lower() == p.last_name.lower()
    assert person["dateOfBirth"] == p.date_of_birth.isoformat()
    assert person["prisonId"] == p.prison_id


async def test_person_by_crn_resolves_the_nomis_number(graph, population):
    p = pick(population, lambda p: p.in_prison and p.crn)
    body = await query(graph, PERSON, id=p.crn)
    assert body["data"]["person"]["identifiers"]["nomisNumber"] == p.prisoner_number
    assert body["data"]["person"]["prisonId"] == p.prison_id


async def test_probation_only_person_has_no_prison_data(graph, population):
    p = pick(population, lambda p: p.prisoner_number is None)
    body = await query(graph, PERSON, id=p.crn)
    person = body["data"]["person"]
    assert person["hmppsId"] == p.crn
    assert person["identifiers"]["nomisNumber"] is None
    assert person["prisonId"] is None


async def test_prison_only_person_is_keyed_by_nomis_number(graph, population):
    p = pick(population, lambda p: p.crn is None)
    body = await query(graph, PERSON, id=p.prisoner_number)
    assert body["data"]["person"]["hmppsId"] == p.prisoner_number
    assert body["data"]["person"]["identifiers"]["deliusCrn"] is None


async def test_person_by_pnc_number(graph, population):
    p = pick(population, lambda p: p.crn and p.prisoner_number)
    body = await query(graph, PERSON, id=p.pnc_number)
    assert body["data"]["person"]["hmppsId"] == p.crn


async def test_unknown_person_is_null_with_not_found(graph):
    body = await query(graph, PERSON, id="A0000AA")
    assert body["data"]["person"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert body["errors"][0]["path"] == ["person"]


async def test_malformed_hmpps_id_is_bad_user_input(graph, simulator):
    body = await query(graph, PERSON, id="not-an-id")
    assert body["data"]["person"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert sum(simulator.controls.endpoint_calls.values()) == 0  # rejected before any upstream call


async def test_too_deep_a_query_is_query_too_complex(graph, simulator):
    document = (
        '{ prison(prisonId: "MDI") { prisoners { items { cellLocation { location '
        + "{ parent " * 12
        + "{ key }"
        + " }" * 12
        + " } } } } }"
    )
    body = await query(graph, document)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert not simulator.controls.endpoint_calls


async def test_too_many_aliases_is_query_too_complex(graph):
    document = "{ " + " ".join(f"a{i}: __typename" for i in range(60)) + " }"
    body = await query(graph, document)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_syntax_and_validation_errors_have_codes(graph):
    assert (await query(graph, "{ person("))["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert (await query(graph, "{ nope }"))["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    body = await query(graph, "query($id: ID!) { person(hmppsId: $id) { hmppsId } }")
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_graphiql_page_is_served_to_browsers(graph):
    response = await graph.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()


async def test_iep_level_comes_with_the_prisoner_record(graph, population, simulator):
    p = pick(population, lambda p: p.in_prison and p.incentive)
    body = await query(
        graph, "query($id: ID!) { person(hmppsId: $id) { iepLevel { iepCode iepLevel } } }", id=p.prisoner_number
    )
    assert body["data"]["person"]["iepLevel"] == {"iepCode": p.incentive[0], "iepLevel": p.incentive[1]}
    assert simulator.controls.endpoint_calls["prisoner-search POST /prisoner-search/prisoner-numbers"] == 1
    probation_only = pick(population, lambda p: p.prisoner_number is None)
    body = await query(
        graph, "query($id: ID!) { person(hmppsId: $id) { iepLevel { iepCode } } }", id=probation_only.crn
    )
    assert body["data"]["person"]["iepLevel"] is None


PROTECTED = """query($id: ID!) { person(hmppsId: $id) { protectedCharacteristics {
  age gender sexualOrientation ethnicity religion maritalStatus disabilities { disabilityType { code } condition { description } }
} } }"""


async def test_protected_characteristics(graph, population):
    p = pick(population, lambda p: p.in_prison and p.crn and p.disabilities and not (p.restricted or p.excluded))
    body = await query(graph, PROTECTED, id=p.crn)
    pc = body["data"]["person"]["protectedCharacteristics"]
    today = population.today
    age = today.year - p.date_of_birth.year - ((today.month, today.day) < (p.date_of_birth.month, p.date_of_birth.day))
    assert pc["age"] == age and pc["gender"] == p.gender and pc["ethnicity"] == p.ethnicity
    assert pc["sexualOrientation"] == p.sexual_orientation
    assert pc["maritalStatus"] == "Single-not married/in civil partnership"
    assert pc["disabilities"] == [
        {
            "disabilityType": {"code": d["disabilityType"]["code"]},
            "condition": {"description": d["condition"]["description"]},
        }
        for d in p.disabilities
    ]


async def test_protected_characteristics_are_removed_for_limited_access_cases(graph, population):
    p = pick(population, lambda p: p.crn and (p.restricted or p.excluded))
    body = await query(graph, PROTECTED, id=p.crn)
    assert body["data"]["person"]["protectedCharacteristics"] is None and "errors" not in body


async def test_addresses_from_probation_and_rejected_for_limited_access(graph, population):
    # Probation only: a prisoner's NOMIS addresses come first (tests/fields/test_addresses.py).
    p = pick(population, lambda p: p.crn and not p.prisoner_number and p.address and not (p.restricted or p.excluded))
    body = await query(
        graph,
        "query($id: ID!) { person(hmppsId: $id) { addresses { number street town postcode types { code } } } }",
        id=p.crn,
    )
    street, (town, _, _), postcode = p.address
    number, _, street_name = street.partition(" ")
    assert body["data"]["person"]["addresses"] == [
        {"number": number, "street": street_name, "town": town, "postcode": postcode, "types": [{"code": "MAIN"}]}
    ]
    limited = pick(population, lambda p: p.crn and (p.restricted or p.excluded))
    body = await query(
        graph, "query($id: ID!) { person(hmppsId: $id) { lastName addresses { postcode } } }", id=limited.crn
    )
    assert body["data"]["person"]["lastName"] and body["data"]["person"]["addresses"] is None
    assert body["errors"][0]["extensions"] == {"code": "FORBIDDEN", "reason": "LIMITED_ACCESS"}


RMP = """query($id: ID!) { person(hmppsId: $id) { lastName riskManagementPlan { items { assessmentId dateCompleted contingencyPlans }
  pagination { totalCount } } } }"""


async def test_risk_management_plans_newest_first_and_rejected_for_limited_access(graph, population):
    p = pick(population, lambda p: len(p.risk_management_plans) > 1 and not (p.restricted or p.excluded))
    body = await query(graph, RMP, id=p.crn)
    plans = body["data"]["person"]["riskManagementPlan"]
    expected = sorted(p.risk_management_plans, key=lambda r: r["dateCompleted"], reverse=True)
    assert plans["pagination"]["totalCount"] == len(expected)
    assert [item["assessmentId"] for item in plans["items"]] == [str(r["assessmentId"]) for r in expected]
    limited = pick(population, lambda p: p.has_oasys and (p.restricted or p.excluded))
    body = await query(graph, RMP, id=limited.crn)
    assert body["data"]["person"]["lastName"] and body["data"]["person"]["riskManagementPlan"] is None
    assert body["errors"][0]["extensions"] == {"code": "FORBIDDEN", "reason": "LIMITED_ACCESS"}
