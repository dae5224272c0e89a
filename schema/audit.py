"""Writes the request's audit trail once the operation is over, whatever its outcome.

A person read by NOMIS number alone (a wing list that selects no CRN) is still named by both
numbers: their CRNs are looked up after the answer, off the request's critical path (through the
shared identity cache and one batch request for the rest), and the records are written then.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from access.audit import AuditTrail
from resolvers.context import Context
from resolvers.identity import crns_for_audit

log = logging.getLogger("person_graph.audit")
# Audit writes still naming people after their answer went out; kept referenced until done, and
# awaited when the server stops (drain_audit_writes) so no record is lost.
PENDING: set[asyncio.Task[None]] = set()


class WriteAudit(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        try:
            yield
        finally:
            context = self.execution_context.context
            trail = getattr(context, "audit", None)
            if trail is not None:
                write_audit(trail, context, self.execution_context.operation_name)


def write_audit(trail: AuditTrail, context: Context, operation: str | None) -> None:
    """Writes the request's records, after looking up the CRNs of people it named by NOMIS number alone
    (off the answer's path). Also used by the image route (web/images.py)."""
    missing = trail.missing_crns()
    loop = _running_loop()
    if not missing or loop is None:
        trail.flush(operation)
        return
    task = loop.create_task(_name_and_flush(trail, context, missing, operation))
    PENDING.add(task)
    task.add_done_callback(PENDING.discard)


async def _name_and_flush(trail: AuditTrail, context: Context, numbers: list[str], operation: str | None) -> None:
    try:
        for number, crn in (await crns_for_audit(context, numbers)).items():
            trail.link(number, crn)
    except Exception as exc:  # an upstream failure must not lose the record: written with the NOMIS number
        log.warning(
            "audit: CRNs of %d people not found (%s); recorded by NOMIS number", len(numbers), type(exc).__name__
        )
    trail.flush(operation)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


async def drain_audit_writes() -> None:
    """Waits for the audit writes still in flight (server shutdown, tests)."""
    while PENDING:
        await asyncio.gather(*list(PENDING), return_exceptions=True)
