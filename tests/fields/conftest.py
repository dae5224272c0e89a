"""Fields' fixtures: `as_consumer`, a graph client acting as a named consumer of consumers.example.yml (tokens
signed by the simulator's HMPPS Auth stand-in), for the fields' access-control tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from server import create_app
from settings import Settings
from simulator.app import Simulator

AsConsumer = Callable[[str], httpx.AsyncClient]


@pytest.fixture
async def as_consumer(simulator: Simulator) -> AsyncIterator[AsConsumer]:
    app = create_app(Settings(timeout_seconds=2.0), embedded_simulator=simulator)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:

        def for_consumer(name: str) -> httpx.AsyncClient:
            client.headers["Authorization"] = f"Bearer {simulator.auth.issue(name, [])}"
            return client

        yield for_consumer
    await app.state.upstreams.aclose()


def extensions_on(type_: type, field: str) -> set[str]:
    """The names of the field extensions on `type_.field` (e.g. {"PrisonFiltered"})."""
    definition = type_.__strawberry_definition__  # type: ignore[attr-defined]
    return {type(e).__name__ for e in definition.get_field(field).extensions}
