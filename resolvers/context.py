"""What every resolver gets as `info.context`."""

from __future__ import annotations

from dataclasses import dataclass, field

from access.audit import AuditSink, AuditTrail
from access.consumers import Consumer
from loaders import Loaders, create_loaders
from settings import QueryLimits, Settings
from upstream.cache import SharedCaches
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


def request_context(
    upstreams: Upstreams,
    settings: Settings,
    caches: SharedCaches,
    audit_sink: AuditSink,
    consumer: Consumer,
    request_id: str,
) -> Context:
    """One request's context, the same for /graphql and the image route: its own loaders (a DataLoader
    caches for one request only) over the process's shared caches, and its own audit trail."""
    return Context(
        loaders=create_loaders(upstreams, settings.batching, caches),
        upstreams=upstreams,
        request_id=request_id,
        consumer=consumer,
        audit=AuditTrail(consumer=consumer.name, request_id=request_id, sink=audit_sink),
        limits=settings.limits,
        production=settings.production,
    )
