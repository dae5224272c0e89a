"""Failures over real HTTP: upstream faults injected in the standalone simulator, bad input, bad
credentials. A failing upstream nulls only the fields that need it; nothing hangs or leaks a stack."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ask

LIST = """{ prison(prisonId: "MDI") { prisoners(perPage: 5) { items {
  hmppsId lastName cellLocation { cell } alerts { items { code } } } } } }"""


def _errors_at(body: dict, field: str) -> list[dict]:
    return [e for e in body.get("errors", []) if e["path"][-1] == field]


@pytest.mark.parametrize(
    "fault,code",
    [
        ({"type": "status", "status": 503}, "UPSTREAM_UNAVAILABLE"),
        ({"type": "status", "status": 500}, "UPSTREAM_UNAVAILABLE"),
        ({"type": "malformed"}, "UPSTREAM_UNAVAILABLE"),
        ({"type": "timeout", "seconds": 5}, "UPSTREAM_TIMEOUT"),
        ({"type": "slow_body", "seconds": 8}, "UPSTREAM_TIMEOUT"),  # past the 6 s whole-request deadline
    ],
)
def test_a_failing_upstream_nulls_only_its_fields(clean, full_access, fault, code):
    clean.admin("POST", "/faults", {"target": "alerts", **fault})
    body = ask(full_access, LIST)
    items = body["data"]["prison"]["prisoners"]["items"]
    assert len(items) == 5
    for item in items:
        assert item["lastName"] and item["cellLocation"]["cell"]  # everything else is still there
        assert item["alerts"] is None
    errors = _errors_at(body, "alerts")
    assert len(errors) == 5 and len(body["errors"]) == 5
    assert {(e["extensions"]["code"], e["extensions"]["upstream"]) for e in errors} == {(code, "alerts")}
    assert all("Traceback" not in e["message"] and "http" not in e["message"] for e in errors)


def test_a_fault_on_one_endpoint_only(clean, full_access):
    clean.admin("POST", "/faults", {"target": "locations POST /locations/keys", "type": "status", "status": 502})
    body = ask(
        full_access,
        '{ prison(prisonId: "MDI") { prisoners(perPage: 3) { items { '
        "alerts { pagination { totalCount } } cellLocation { cell location { key } } } } } }",
    )
    items = body["data"]["prison"]["prisoners"]["items"]
    assert all(item["alerts"] is not None and item["cellLocation"]["cell"] for item in items)
    assert all(item["cellLocation"]["location"] is None for item in items)
    assert {e["extensions"]["upstream"] for e in body["errors"]} == {"locations"}


def test_unknown_and_malformed_people(clean, full_access):
    body = ask(full_access, '{ person(hmppsId: "A0000AA") { hmppsId } }')
    assert body["data"] == {"person": None}
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [(["person"], "NOT_FOUND")]
    body = ask(full_access, '{ person(hmppsId: "drop table") { hmppsId } }')
    assert body["data"] == {"person": None}
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [(["person"], "BAD_USER_INPUT")]
    assert clean.admin("GET", "/counters").json()["endpoints"].get("probation-search POST /crns") is None


def test_invalid_queries_get_json_errors(clean, full_access):
    for document, code in (("{ person(", "GRAPHQL_PARSE_FAILED"), ("{ nope }", "GRAPHQL_VALIDATION_FAILED")):
        response = full_access.post("/graphql", json={"query": document})
        assert response.headers["content-type"].startswith("application/"), response.headers["content-type"]
        assert "json" in response.headers["content-type"]
        body = response.json()
        assert body.get("data") is None
        assert [e["extensions"]["code"] for e in body["errors"]] == [code]
        # The message says what is wrong with the query, and nothing about the server's insides.
        for error in body["errors"]:
            assert set(error["extensions"]) == {"code"}, error["extensions"]  # no exception / stacktrace
            assert ".py" not in error["message"] and "site-packages" not in error["message"]


def test_get_queries_and_no_graphiql_in_production(full_access, anonymous):
    response = full_access.get("/graphql", params={"query": "{ __typename }"})
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}
    # Real upstreams configured: production mode, GraphiQL is not served (the embedded default serves it).
    page = anonymous.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert page.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_real_upstreams_require_credentials(anonymous):
    response = anonymous.post("/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    response = anonymous.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Authorization": "Bearer not-a-token"}
    )
    assert response.status_code == 401


def test_a_prison_operator_over_http(deployment, anonymous, world):
    elsewhere = next(p for p in world.people if p.prison_id == "BMI" and p.crn)
    token = deployment.token("private-prison-operator")
    response = anonymous.post(
        "/graphql",
        headers={"Authorization": f"Bearer {token}"},
        json={"query": f'{{ person(hmppsId: "{elsewhere.crn}") {{ hmppsId }} }}'},
    )
    assert response.json()["data"]["person"] is None
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_probation_search_down_keeps_the_wing_list(clean, full_access):
    """hmppsId needs probation search for the CRN; when it is down the key falls back to the NOMIS
    number, so the wing list survives and only identifiers.deliusCrn fails."""
    clean.admin("POST", "/faults", {"target": "probation-search", "type": "status", "status": 503})
    body = ask(
        full_access,
        '{ prison(prisonId: "MDI") { prisoners(perPage: 3) { items { '
        "hmppsId lastName cellLocation { cell } identifiers { nomisNumber deliusCrn } } } } }",
    )
    items = body["data"]["prison"]["prisoners"]["items"]
    assert len(items) == 3 and all(item["lastName"] and item["cellLocation"]["cell"] for item in items)
    assert all(item["hmppsId"] == item["identifiers"]["nomisNumber"] for item in items if item["identifiers"])
    assert {e["extensions"]["upstream"] for e in body["errors"]} == {"probation-search"}


def test_request_id_is_returned(full_access):
    response = full_access.post("/graphql", json={"query": "{ __typename }"}, headers={"x-request-id": "trace-me-42"})
    assert response.headers["x-request-id"] == "trace-me-42"
