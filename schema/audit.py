from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension


class WriteAudit(SchemaExtension):
    """Writes the request's audit trail once the operation is over, whatever its outcome."""

    def on_operation(self) -> Iterator[None]:
        try:
            yield
        finally:
            context = self.execution_context.context
            trail = getattr(context, "audit", None)
            if trail is not None:
                trail.flush(self.execution_context.operation_name)
