"""CPU per upstream request through the client layer: `python -m bench.upstream_calls`.

A local uvicorn server on 127.0.0.1 (its own process, so its CPU is not counted) answers small JSON
to GETs and batch POSTs; this process sends them through UpstreamClient exactly as the graph does
(the pool `upstream.clients` builds, a token from ClientCredentials, the same get/post) and reports
this process's CPU time per request. Bodies are small so the figure is the call path, not parsing.
docs/adr/0015-upstream-call-cost.md has the numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable

import aiohttp
import httpx
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.procs import free_port
from settings import Settings
from upstream.auth import ClientCredentials
from upstream.base import UpstreamClient, UpstreamModel, path_segment
from upstream.clients import upstream_pool

THING = b'{"id":"A1234AA","name":"thing","count":3,"active":true}'


async def _token(request: Request) -> Response:
    return Response(b'{"access_token":"bench","expires_in":3600}', media_type="application/json")


async def _thing(request: Request) -> Response:
    return Response(THING, media_type="application/json")


async def _things(request: Request) -> Response:
    ids = await request.body()
    return Response(b"[" + b",".join([THING] * ids.count(b",")) + b"]", media_type="application/json")


app = Starlette(
    routes=[
        Route("/oauth/token", _token, methods=["POST"]),
        Route("/things/{id}", _thing, methods=["GET"]),
        Route("/things", _things, methods=["POST"]),
    ]
)


class Thing(UpstreamModel):
    id: str
    count: int


class Things(UpstreamClient):
    async def thing(self, id_: str) -> Thing | None:
        return await self.get(f"/things/{path_segment(id_)}", Thing, params={"view": "full"})

    async def things(self, ids: list[str]) -> list[Thing]:
        return await self.post("/things", ids, list[Thing], idempotent=True) or []


class Canned(httpx.AsyncBaseTransport):
    """Answers at once, in-process: what the client layer costs above its transport, with no network noise."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth/token"):
            return httpx.Response(200, json={"access_token": "bench", "expires_in": 3600})
        body = THING if request.method == "GET" else b"[" + THING + b"]"
        return httpx.Response(200, headers={"content-type": "application/json"}, content=body, request=request)


async def measure_layer(url: str, requests: int, concurrency: int, rounds: int) -> list[tuple[float, float]]:
    pool = httpx.AsyncClient(transport=Canned())
    client = Things("things", pool, url, ClientCredentials(pool, f"{url}/oauth/token", "bench", "bench"))
    ids = [f"A{i:04d}AA" for i in range(concurrency)]

    async def one_round(n: int) -> None:
        for start in range(0, n, concurrency):
            calls = [client.thing(i) if k % 2 else client.things(ids[:1]) for k, i in enumerate(ids)]
            await asyncio.gather(*calls[: min(concurrency, n - start)])

    await one_round(concurrency * 4)
    return [await _timed(one_round, requests) for _ in range(rounds)]


def cpu() -> tuple[float, float]:
    times = os.times()
    return times.user, times.system


async def measure_aiohttp(url: str, requests: int, concurrency: int, rounds: int) -> list[tuple[float, float]]:
    """The floor: the same requests with aiohttp alone (no httpx, no client layer), orjson to parse."""
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100))
    headers = {"Authorization": "Bearer bench"}
    ids = [f"A{i:04d}AA" for i in range(concurrency)]

    async def get(id_: str) -> object:
        async with session.get(f"{url}/things/{id_}", params={"view": "full"}, headers=headers) as answer:
            return orjson.loads(await answer.read())

    async def post(body: list[str]) -> object:
        async with session.post(f"{url}/things", data=orjson.dumps(body), headers=headers) as answer:
            return orjson.loads(await answer.read())

    async def one_round(n: int) -> None:
        for start in range(0, n, concurrency):
            calls = [get(i) if k % 2 else post(ids[:3]) for k, i in enumerate(ids)]
            await asyncio.gather(*calls[: min(concurrency, n - start)])

    try:
        await one_round(concurrency * 4)
        return [await _timed(one_round, requests) for _ in range(rounds)]
    finally:
        await session.close()


async def _timed(one_round: Callable[[int], Awaitable[None]], requests: int) -> tuple[float, float]:
    """(user, system) CPU milliseconds per request for one round."""
    user, system = cpu()
    await one_round(requests)
    user_after, system_after = cpu()
    return (user_after - user) / requests * 1000, (system_after - system) / requests * 1000


async def measure(url: str, requests: int, concurrency: int, rounds: int) -> list[tuple[float, float]]:
    settings = Settings(upstream_urls={"things": url}, auth_url=url)
    pool = upstream_pool(settings, transport=None)
    tokens = ClientCredentials(pool, f"{url}/oauth/token", "bench", "bench")
    client = Things("things", pool, url, tokens, settings.max_concurrency)
    ids = [f"A{i:04d}AA" for i in range(concurrency)]

    async def one_round(n: int) -> None:
        for start in range(0, n, concurrency):
            calls = [client.thing(i) if k % 2 else client.things(ids[:3]) for k, i in enumerate(ids)]
            results = await asyncio.gather(*calls[: min(concurrency, n - start)])
            assert all(results), "every call answers"

    try:
        await one_round(concurrency * 4)  # warm: connections open, token fetched, adapters built
        return [await _timed(one_round, requests) for _ in range(rounds)]
    finally:
        await pool.aclose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000, help="requests per round (half GET, half POST)")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bench.upstream_calls:app", "--port", str(port), "--log-level", "warning"],
        stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/things/x", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the benchmark server did not start") from None
                time.sleep(0.1)
        for label, how in (
            ("client layer", measure),
            ("aiohttp alone", measure_aiohttp),
            ("layer only", measure_layer),  # over an in-process transport that answers at once
        ):
            rounds = asyncio.run(how(url, args.requests, args.concurrency, args.rounds))
            print(
                f"{label:>13}: CPU per upstream request, median of {args.rounds} rounds of {args.requests}: {_summary(rounds)}"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


def _summary(rounds: list[tuple[float, float]]) -> str:
    user = statistics.median(r[0] for r in rounds)
    system = statistics.median(r[1] for r in rounds)
    total = statistics.median(r[0] + r[1] for r in rounds)
    return f"{total:.3f} ms ({user:.3f} user + {system:.3f} system)"


if __name__ == "__main__":
    sys.exit(main())
