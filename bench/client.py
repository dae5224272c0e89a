"""Talking to the running processes: the graph (GraphQL over HTTP, with a bearer token when it asks
for one) and the simulator's admin API (counters, latency).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx
import orjson

DEFAULT_CLIENT_ID = "bench-full-access"


def bearer_token(simulator_url: str, client_id: str = DEFAULT_CLIENT_ID) -> str:
    """A client-credentials token from the simulator's HMPPS Auth stand-in (client id as basic-auth user)."""
    response = httpx.post(
        f"{simulator_url}/hmpps-auth/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(client_id, ""),
        timeout=10.0,
    )
    response.raise_for_status()
    return response.json()["access_token"]


class GraphQLFailed(RuntimeError):
    pass


class Graph:
    """POSTs GraphQL documents; on the first 401 it gets a token (bearer_token) and sends it from then on."""

    def __init__(
        self,
        graph_url: str,
        simulator_url: str,
        client_id: str = DEFAULT_CLIENT_ID,
        token: str | None = None,
        timeout: float = 60.0,
        connections: int = 1,
    ) -> None:
        self.url = f"{graph_url}/graphql"
        self.simulator_url = simulator_url
        self.client_id = client_id
        self.token = token
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        self.http = httpx.AsyncClient(timeout=timeout, limits=limits)

    def _headers(self) -> dict[str, str]:
        headers = {"content-type": "application/json"}
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        return headers

    async def post(self, query: str, variables: dict[str, Any]) -> tuple[int, bytes]:
        body = orjson.dumps({"query": query, "variables": variables})
        response = await self.http.post(self.url, content=body, headers=self._headers())
        if response.status_code == 401 and self.token is None:
            self.token = bearer_token(self.simulator_url, self.client_id)
            response = await self.http.post(self.url, content=body, headers=self._headers())
        return response.status_code, response.content

    async def execute(self, query: str, variables: dict[str, Any]) -> dict:
        """The response JSON; raises GraphQLFailed on a non-200 answer or any GraphQL error."""
        status, content = await self.post(query, variables)
        if status != 200:
            raise GraphQLFailed(f"HTTP {status}: {content[:300]!r}")
        body = orjson.loads(content)
        if body.get("errors"):
            raise GraphQLFailed(f"GraphQL errors: {orjson.dumps(body['errors'][:3]).decode()[:600]}")
        return body

    async def aclose(self) -> None:
        await self.http.aclose()


class SimulatorAdmin:
    def __init__(self, simulator_url: str) -> None:
        self.url = f"{simulator_url}/__admin"
        self.http = httpx.Client(timeout=10.0)

    def set_latency(self, ms: float, jitter_ms: float = 0.0, target: str = "*") -> None:
        self.http.put(
            f"{self.url}/latency", json={"target": target, "ms": ms, "jitterMs": jitter_ms}
        ).raise_for_status()

    def clear_faults(self) -> None:
        self.http.delete(f"{self.url}/faults").raise_for_status()

    def reset_counters(self) -> None:
        self.http.delete(f"{self.url}/counters").raise_for_status()

    def counters(self) -> Counter[str]:
        """Calls per endpoint key ("alerts POST /search/alerts/prison-numbers": n, ...)."""
        response = self.http.get(f"{self.url}/counters")
        response.raise_for_status()
        return Counter(response.json()["endpoints"])

    def close(self) -> None:
        self.http.close()


def count_fields(value: Any) -> int:
    """Resolved fields in a response's `data`: every key of every JSON object counts one."""
    if isinstance(value, dict):
        return len(value) + sum(count_fields(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_fields(v) for v in value)
    return 0
