"""What every resolver gets as `info.context`."""

from __future__ import annotations

from dataclasses import dataclass, field

from access.audit import AuditTrail
from access.consumers import Consumer
from loaders import Loaders
from settings import QueryLimits
from upstream.clients import Upstreams


@dataclass
class Context:
    loaders: Loaders
    upstreams: Upstreams  # for the few reads no loader fits: searches, which are never batched
    request_id: str
    consumer: Consumer
    audit: AuditTrail
    # Checked by schema/limits.py before execution; production hides the schema (introspection, suggestions).
    limits: QueryLimits = field(default_factory=QueryLimits)
    production: bool = False
