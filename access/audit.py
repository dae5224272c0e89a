"""Who read which person: one record per person per request, never the data itself.

Each record names the consumer, the person's identifiers, the field coordinates read (or written)
with their outcome (served, filtered, redacted, forbidden; for writes also written, rejected,
conflict, failed), the operation name, request id and time.
The sink is pluggable; the default writes one structured log line per record.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

import orjson

log = logging.getLogger("person_graph.audit")
# A person's overall outcome is the worst of their fields'. "failed": asked for and not served
# because it failed (an upstream down or too slow): the consumer saw no data from it. Writes
# (Mutation.*) are written, rejected (bad input or refused upstream), conflict (a client unique
# reference used before) or failed.
OUTCOME_ORDER = ("served", "written", "failed", "redacted", "rejected", "conflict", "filtered", "forbidden")


@dataclass(frozen=True)
class AuditRecord:
    consumer: str
    person: dict[str, str | None]
    fields: dict[str, str]
    outcome: str
    operation: str | None
    request_id: str
    time: str


class AuditSink(Protocol):
    def write(self, records: list[AuditRecord]) -> None: ...


class LogAuditSink:
    def __init__(self) -> None:
        # The audit is written whatever the server's log level: a quiet server still audits.
        log.setLevel(logging.INFO)

    def write(self, records: list[AuditRecord]) -> None:
        # orjson: the same compact JSON as json.dumps(separators=(",", ":")) for less CPU (a wing list of
        # 100 writes 100 records; docs/adr/0020-cpu-per-query-fixed-costs.md). Non-ASCII stays UTF-8.
        for record in records:
            log.info(orjson.dumps(record.__dict__).decode())


class MemoryAuditSink:
    """Keeps records in memory (tests)."""

    def __init__(self) -> None:
        self.records: list[AuditRecord] = []

    def write(self, records: list[AuditRecord]) -> None:
        self.records.extend(records)


@dataclass
class AuditTrail:
    """Collected during one request; written once when the operation ends."""

    consumer: str
    request_id: str
    sink: AuditSink
    _people: dict[tuple[str | None, str | None], dict[str, str]] = field(default_factory=dict)
    _crns: dict[str, str | None] = field(default_factory=dict)
    _unnamed: set[str] = field(default_factory=set)

    def link(self, nomis_number: str, crn: str | None) -> None:
        """A person first met by NOMIS number turned out to have this CRN (None: probation does not
        know them): record them under both."""
        self._crns[nomis_number] = crn

    def unnamed(self, nomis_number: str) -> None:
        """A person read by NOMIS number whose CRN the request has not looked up (yet)."""
        self._unnamed.add(nomis_number)

    def missing_crns(self) -> list[str]:
        """NOMIS numbers to look up before the records are written, so each names both numbers."""
        return sorted(n for n in self._unnamed if n not in self._crns)

    def note(self, nomis_number: str | None, crn: str | None, coordinate: str, outcome: str) -> None:
        fields = self._people.setdefault((nomis_number, crn), {})
        previous = fields.get(coordinate)
        if previous is None or OUTCOME_ORDER.index(outcome) > OUTCOME_ORDER.index(previous):
            fields[coordinate] = outcome

    def records(self, operation: str | None) -> list[AuditRecord]:
        now = datetime.now(UTC).isoformat(timespec="milliseconds")
        people: dict[tuple[str | None, str | None], dict[str, str]] = {}
        for (nomis, crn), fields in self._people.items():
            key = (nomis, crn or (self._crns.get(nomis) if nomis else None))
            merged = people.setdefault(key, {})
            for coordinate, outcome in fields.items():
                if coordinate not in merged or OUTCOME_ORDER.index(outcome) > OUTCOME_ORDER.index(merged[coordinate]):
                    merged[coordinate] = outcome
        out = []
        for (nomis, crn), fields in people.items():
            outcome = max(fields.values(), key=OUTCOME_ORDER.index)
            out.append(
                AuditRecord(
                    consumer=self.consumer,
                    person={"nomisNumber": nomis, "crn": crn},
                    fields=dict(sorted(fields.items())),
                    outcome=outcome,
                    operation=operation,
                    request_id=self.request_id,
                    time=now,
                )
            )
        return out

    def flush(self, operation: str | None) -> None:
        if self._people:
            self.sink.write(self.records(operation))
            self._people.clear()
