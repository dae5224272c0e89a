"""What keeping the shared caches in Redis costs a process: `python -m bench.shared_caches`.

Starts a redis-server of its own (Debian's `redis-server` on a free port, nothing persisted), builds
the graph in-process over the embedded simulator, and measures this process's CPU time (it includes
the embedded simulator's, the same in every row):

- per look-up of a wing list's cache entries (S2(100): its locations and NOMIS number -> CRN links),
  from the in-process store (no REDIS_URL), from the near store in front of Redis, and from Redis
  itself (near time to live 0: a round trip and decoding every time); and per write of them;
- per repeated S2(100) and lighter wing list of 100, with the caches warm, in the same three
  configurations (medians; the configurations take turns, so other load on the machine falls on each alike).

docs/adr/0016-redis-shared-caches.md has the numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Awaitable, Callable

import httpx
from starlette.applications import Starlette

from access.audit import MemoryAuditSink
from bench.procs import free_port
from bench.queries import S2_LIGHT_QUERY, S2_QUERY, s2_variables
from schema.audit import drain_audit_writes
from server import create_app
from settings import CacheSettings, Settings
from simulator.app import Simulator, create_simulator
from upstream.cache import CacheSpace, CacheStore, MemoryStore, SharedCaches

CONFIGURATIONS = {
    "in-process (no REDIS_URL)": None,
    "Redis, near store 30 s": 30.0,
    "Redis, no near store": 0.0,
}


def start_redis() -> tuple[subprocess.Popen, str, tempfile.TemporaryDirectory]:
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    port, directory = free_port(), tempfile.TemporaryDirectory(prefix="bench-redis-")
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            directory.name,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while (
        subprocess.run(
            [binary.replace("redis-server", "redis-cli"), "-p", str(port), "ping"], capture_output=True
        ).stdout
        != b"PONG\n"
    ):
        if time.monotonic() > deadline:
            raise RuntimeError("redis-server did not start")
        time.sleep(0.05)
    return process, f"redis://127.0.0.1:{port}/0", directory


def app_for(simulator: Simulator, redis_url: str | None, near_ttl: float) -> Starlette:
    caches = CacheSettings(near_ttl_seconds=near_ttl)
    settings = Settings(timeout_seconds=10.0, redis_url=redis_url, caches=caches)
    return create_app(settings, embedded_simulator=simulator, audit_sink=MemoryAuditSink())


async def query(app: Starlette, simulator: Simulator, document: str = S2_QUERY) -> None:
    token = simulator.auth.issue("full-access-client", [])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        response = await client.post(
            "/graphql",
            json={"query": document, "variables": s2_variables(100)},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 200 and "errors" not in response.json(), response.text[:500]
    await drain_audit_writes()


async def cpu_ms(run: Callable[[], Awaitable[object]]) -> float:
    """CPU milliseconds of this process for one run (after a full collection: a generation-2 collection
    falling inside one configuration's runs and not another's would otherwise decide the comparison)."""
    gc.collect()
    start = time.process_time()
    await run()
    return (time.process_time() - start) * 1000


async def wing_list_entries(simulator: Simulator) -> dict[CacheSpace, dict[str, object]]:
    """A warm in-process store's entries after one S2(100): what a wing list keeps in the caches."""
    app = app_for(simulator, None, 0)
    await query(app, simulator)
    caches: SharedCaches = app.state.caches
    assert isinstance(caches.store, MemoryStore)
    entries: dict[CacheSpace, dict[str, object]] = {caches.locations: {}, caches.identity: {}}
    by_name = {space.name: space for space in entries}
    for (space_name, key), (_, value) in caches.store._entries.items():
        if space_name in by_name:
            entries[by_name[space_name]][key] = value
    await app.state.upstreams.aclose()
    return entries


async def main(repeats: int) -> None:
    simulator = create_simulator(size=4000, seed=1)
    redis, redis_url, directory = start_redis()
    try:
        entries = await wing_list_entries(simulator)
        print("entries per wing list of 100: " + ", ".join(f"{s.name} {len(e)}" for s, e in entries.items()))
        apps = {
            name: app_for(simulator, redis_url if near_ttl is not None else None, near_ttl or 0)
            for name, near_ttl in CONFIGURATIONS.items()
        }
        rows: dict[str, dict[str, list[float]]] = {
            name: {"look-up": [], "write": [], "S2": [], "light": []} for name in apps
        }
        for app in apps.values():
            await query(app, simulator)  # warm
        # Round robin, so that the machine's other load falls on every configuration alike.
        for _ in range(repeats):
            for name, app in apps.items():
                store: CacheStore = app.state.caches.store

                async def write(store: CacheStore = store) -> None:
                    for space, values in entries.items():
                        await store.put_many(space, values)

                async def look_up(store: CacheStore = store) -> None:
                    for space, values in entries.items():
                        found = await store.get_many(space, list(values))
                        assert len(found) == len(values)

                rows[name]["write"].append(await cpu_ms(write))
                rows[name]["look-up"].append(await cpu_ms(look_up))
                rows[name]["S2"].append(await cpu_ms(lambda app=app: query(app, simulator)))
                rows[name]["light"].append(await cpu_ms(lambda app=app: query(app, simulator, S2_LIGHT_QUERY)))
        print(
            "\n| configuration | look-up, CPU ms | write, CPU ms | S2(100) again, CPU ms | S2 light(100) again, CPU ms |"
            "\n|---|---|---|---|---|"
        )
        for name, row in rows.items():
            look, written, s2, light = (statistics.median(row[k]) for k in ("look-up", "write", "S2", "light"))
            print(f"| {name} | {look:.2f} | {written:.2f} | {s2:.1f} | {light:.1f} |")
        for app in apps.values():
            await app.state.upstreams.aclose()
            await app.state.store.aclose()
    finally:
        redis.terminate()
        redis.wait(timeout=10)
        directory.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    asyncio.run(main(parser.parse_args().repeats))
