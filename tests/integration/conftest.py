"""Graph apps built with their own settings (Redis, consumers file, manifest), over ASGI."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from pathlib import Path

import httpx
import pytest
import yaml

from server import create_app
from settings import Settings
from simulator.app import Simulator

# Consumers for the state tests: the safelist and rate limits of the consumers file.
STATE_CONSUMERS = {
    "roles": {"full-access": {"include": ["*"]}},
    "consumers": {
        "full-access-client": {"roles": ["full-access"]},
        "safelisted-app": {"roles": ["full-access"], "safelist": True},
        "three-a-minute": {"roles": ["full-access"], "rateLimit": {"requestsPerMinute": 3}},
        "upstream-limited": {"roles": ["full-access"], "rateLimit": {"upstreamRequestsPerMinute": 3}},
    },
}


# The persisted-query manifest (Apollo's format) the safelisted consumer is held to.
SAFELISTED_QUERY = 'query PersonName { person(hmppsId: "A1234BC") { hmppsId firstName lastName } }'
SAFELISTED_ID = hashlib.sha256(SAFELISTED_QUERY.encode()).hexdigest()
MANIFEST = {
    "format": "apollo-persisted-query-manifest",
    "version": 1,
    "operations": [{"id": SAFELISTED_ID, "name": "PersonName", "type": "query", "body": SAFELISTED_QUERY}],
}


@pytest.fixture
def manifest_file(tmp_path: Path) -> Path:
    path = tmp_path / "persisted-queries.json"
    path.write_text(json.dumps(MANIFEST))
    return path


@pytest.fixture
def state_consumers_file(tmp_path: Path) -> Path:
    path = tmp_path / "consumers.yml"
    path.write_text(yaml.safe_dump(STATE_CONSUMERS))
    return path


@pytest.fixture
async def graph_with(simulator: Simulator, state_consumers_file: Path, manifest_file: Path) -> AsyncIterator[Callable]:
    """`await graph_with(redis_url=..., persisted_queries_file=...)`: a new app (a replica) over ASGI;
    the consumers are STATE_CONSUMERS, the manifest MANIFEST unless given."""
    async with AsyncExitStack() as stack:

        async def build(**settings: object) -> httpx.AsyncClient:
            settings.setdefault("persisted_queries_file", str(manifest_file))
            app = create_app(
                Settings(timeout_seconds=2.0, consumers_file=str(state_consumers_file), **settings),  # type: ignore[arg-type]
                embedded_simulator=simulator,
            )
            stack.push_async_callback(app.state.store.aclose)
            stack.push_async_callback(app.state.upstreams.aclose)
            return await stack.enter_async_context(
                httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph")
            )

        yield build


def bearer(simulator: Simulator, consumer: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {simulator.auth.issue(consumer, [])}"}
