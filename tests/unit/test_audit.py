"""The audit trail: one record per person, the worst outcome, and a sink that writes whatever the log level."""

from __future__ import annotations

import json
import logging

from access.audit import AuditTrail, LogAuditSink, MemoryAuditSink


def test_a_person_met_by_both_numbers_is_one_record_with_the_worst_outcome():
    sink = MemoryAuditSink()
    trail = AuditTrail(consumer="c", request_id="r1", sink=sink)
    trail.note("A1234BC", None, "Person.lastName", "served")
    trail.note("A1234BC", None, "Person.alerts", "forbidden")
    trail.link("A1234BC", "X123456")
    trail.note("A1234BC", "X123456", "Risks.seriousHarm", "redacted")
    trail.flush("WingList")
    [record] = sink.records
    assert record.person == {"nomisNumber": "A1234BC", "crn": "X123456"}
    assert record.fields == {"Person.alerts": "forbidden", "Person.lastName": "served", "Risks.seriousHarm": "redacted"}
    assert (record.outcome, record.operation, record.request_id, record.consumer) == (
        "forbidden",
        "WingList",
        "r1",
        "c",
    )
    trail.flush("again")
    assert len(sink.records) == 1  # flushed once


def test_the_log_sink_writes_even_when_the_server_logs_only_warnings():
    root = logging.getLogger()
    lines: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = lines.append
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    try:
        trail = AuditTrail(consumer="c", request_id="r2", sink=LogAuditSink())
        trail.note("A1234BC", "X123456", "Person.lastName", "served")
        trail.flush(None)
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    [line] = [r for r in lines if r.name == "person_graph.audit"]
    assert json.loads(line.getMessage())["person"] == {"nomisNumber": "A1234BC", "crn": "X123456"}


def test_the_log_sink_writes_one_compact_json_object_per_record_in_field_order():
    lines: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = lines.append
    audit_log = logging.getLogger("person_graph.audit")
    audit_log.addHandler(handler)
    try:
        trail = AuditTrail(consumer="c", request_id="r3", sink=LogAuditSink())
        trail.note("A1234BC", None, "Person.lastName", "served")
        trail.note("A1234BC", None, "Person.alerts", "forbidden")
        trail.flush("Op")
    finally:
        audit_log.removeHandler(handler)
    [line] = [r.getMessage() for r in lines]
    record = json.loads(line)
    assert list(record) == ["consumer", "person", "fields", "outcome", "operation", "request_id", "time"]
    assert line == json.dumps(record, separators=(",", ":"))  # compact: no spaces, one line
    assert record["fields"] == {"Person.alerts": "forbidden", "Person.lastName": "served"}
    assert record["outcome"] == "forbidden" and record["operation"] == "Op"
