"""The access log as JSON lines: one per request, its fields, and nothing personal."""

from __future__ import annotations

import json
import logging

from web.log_format import JsonFormatter, log_format

LOGGER = "person_graph.access"


def json_lines(caplog) -> list[dict]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == LOGGER]


async def test_one_json_line_per_request_with_its_fields_and_no_personal_data(graph, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    document = "query Who($id: ID!) { person(hmppsId: $id) { firstName lastName dateOfBirth addresses { postcode } } }"
    response = await graph.post(
        "/graphql",
        json={"query": document, "variables": {"id": "A1234BC"}},
        headers={"x-request-id": "req-json-1", "authorization": "Bearer not-a-real-token"},
    )
    refused = response.json()
    assert response.status_code == 401, refused  # a bad token: logged, never the token itself
    response = await graph.post(
        "/graphql", json={"query": document, "variables": {"id": "A1234BC"}}, headers={"x-request-id": "req-json-2"}
    )
    person = response.json()["data"]["person"]
    first, second = json_lines(caplog)
    assert first["status"] == 401 and first["requestId"] == "req-json-1" and first["upstreamCalls"] == 0
    assert first["errorCodes"] == ["UNAUTHENTICATED"]
    assert second == {
        **second,
        "logger": LOGGER,
        "level": "INFO",
        "method": "POST",
        "path": "/graphql",
        "status": 200,
        "operation": "Who",
        "consumer": "demo (anonymous, embedded mode)",
        "requestId": "req-json-2",
        "errorCodes": sorted({e["extensions"]["code"] for e in response.json().get("errors", [])}),
    }
    assert second["upstreamCalls"] >= 2 and second["durationMs"] > 0
    text = json.dumps([first, second])
    assert "not-a-real-token" not in text and "A1234BC" not in text and "X123456" not in text
    assert person["firstName"] not in text and person["lastName"] not in text and person["dateOfBirth"] not in text
    for address in person["addresses"] or []:
        assert not address["postcode"] or address["postcode"] not in text


async def test_error_codes_are_logged_and_the_request_id_is_in_masked_errors(graph, caplog, monkeypatch):
    caplog.set_level(logging.INFO, logger=LOGGER)
    from upstream.alerts import AlertsClient

    async def broken(self, numbers):
        raise RuntimeError("a bug")

    monkeypatch.setattr(AlertsClient, "alerts_by_prison_numbers", broken)
    response = await graph.post(
        "/graphql", json={"query": '{ person(hmppsId: "A1234BC") { hmppsId alerts { items { code } } } }'}
    )
    [error] = response.json()["errors"]
    request_id = response.headers["x-request-id"]
    assert error["message"] == "Internal server error"
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    [line] = json_lines(caplog)
    assert line["requestId"] == request_id and line["errorCodes"] == ["INTERNAL_SERVER_ERROR"]


def test_json_unless_embedded_and_configurable():
    assert log_format(None, embedded=True) == "text"
    assert log_format(None, embedded=False) == "json"
    assert log_format("json", embedded=True) == "json"
    assert log_format("text", embedded=False) == "text"


def test_an_exception_is_one_json_line():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed %s", ("here",), exc_info=True)
        import sys

        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["message"] == "failed here" and "ValueError: boom" in parsed["exception"]
