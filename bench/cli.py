"""`python -m bench` (or `bench/run`): the whole benchmark, one command.

Phases: start the simulator (injected latency) → graph, 1 worker: exact upstream counts, S1, S2(10),
S2(100), S2(1000) one at a time, optional py-spy profile, S3 load → graph, 2 workers: S3 load →
graph, 1 worker, BATCHING=off: S2(100) → stop everything → bare Strawberry over the recorded answers
→ table, JSON, docs/performance.md and plots.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import abuse, bare_strawberry, faults, load_only, report
from bench import peer as peer_gateway
from bench import profile as profiling
from bench.client import DEFAULT_CLIENT_ID, Graph, SimulatorAdmin, bearer_token
from bench.minimum import (
    S1_LEVELS,
    S2_LEVELS,
    S2_LIGHT_LEVELS,
    floor_ms,
    minimum_s1,
    minimum_s2,
    minimum_s2_light,
)
from bench.procs import REPO, event_loop_runner, install_cleanup, start_graph, start_simulator
from bench.queries import (
    MAX_PER_PAGE,
    S1_QUERY,
    S2_LIGHT_QUERY,
    S2_QUERY,
    s1_people,
    s1_variables,
    s2_light_variables,
    s2_page,
    s2_variables,
)
from bench.scenarios import Request, Unit, exact_upstream, run_load, run_sequential, send_unit

PRESETS = {
    # iterations (units) one at a time; S3 seconds and clients; py-spy seconds per profiled scenario; seconds of
    # idle before each scenario (upstream keep-alive expiry); whether to probe the other S2(1000) mode once
    "full": dict(
        s1=120,
        s2_10=60,
        s2_100=20,
        s2_light=40,
        s2_1000=3,
        nobatch=4,
        duration=20.0,
        clients=50,
        profile=8.0,
        settle=6.0,
        probe=True,
    ),
    "quick": dict(
        s1=12,
        s2_10=6,
        s2_100=3,
        s2_light=6,
        s2_1000=1,
        nobatch=1,
        duration=3.0,
        clients=10,
        profile=4.0,
        settle=0.0,
        probe=False,
    ),
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description="HMPPS Person Graph benchmark suite")
    p.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: few iterations, 10 clients for 3 s of load, no profile, no docs",
    )
    p.add_argument("--latency-ms", type=float, default=20.0, help="injected upstream latency (default 20)")
    p.add_argument("--jitter-ms", type=float, default=0.0)
    p.add_argument("--duration", type=float, help="S3 seconds per run (default 20; quick 3)")
    p.add_argument("--clients", type=int, help="S3 concurrent clients (default 50)")
    p.add_argument("--s1-share", type=float, default=0.5, help="S3: share of S1 requests; the rest are S2(100)")
    p.add_argument("--iterations-scale", type=float, default=1.0, help="multiply the one-at-a-time iteration counts")
    p.add_argument(
        "--profile",
        dest="profile",
        action="store_true",
        default=None,
        help="sample the server with py-spy during extra S2(100) queries (default: on in full runs)",
    )
    p.add_argument("--no-profile", dest="profile", action="store_false")
    p.add_argument(
        "--docs",
        dest="docs",
        action="store_true",
        default=None,
        help="write docs/performance.md and bench/plots/*.png (default: on in full runs, off with --quick)",
    )
    p.add_argument("--no-docs", dest="docs", action="store_false")
    p.add_argument(
        "--s2-1000",
        choices=("sequential", "concurrent"),
        default="sequential",
        help="S2(1000) as ten 100-prisoner pages one after another (default) or all at once; the other "
        "way is probed once and reported too",
    )
    p.add_argument(
        "--wait-quiet",
        type=float,
        default=None,
        metavar="SECONDS",
        help="first wait up to SECONDS for the machine to be under 25%% busy (default 90 in full runs, 0 "
        "with --quick); the run goes ahead either way and records how busy it was",
    )
    p.add_argument(
        "--render",
        type=Path,
        metavar="RESULTS_JSON",
        help="run nothing: rewrite docs/performance.md and the plots from a stored results file",
    )
    p.add_argument("--skip-load", action="store_true", help="no S3")
    p.add_argument(
        "--load-only",
        action="store_true",
        help="only S1 one at a time (its single-client p50) and S3 (bench/load_only.py): a few minutes",
    )
    p.add_argument("--load-workers", default="1", help="with --load-only: S3 on these worker counts (e.g. 1,2)")
    p.add_argument("--skip-peer", action="store_true", help="no side-by-side peer (GraphQL Mesh + Hive Gateway)")
    p.add_argument(
        "--only-peer",
        action="store_true",
        help="only the peer's phase (S1, S2 and S3 through GraphQL Mesh + Hive Gateway), to check bench/peer/: "
        "no graph, baselines, abuse or faults, no docs; results in <timestamp>-peer.json, latest.json untouched",
    )
    p.add_argument("--skip-abuse", action="store_true", help="no small-query latency under attack (bench/abuse.py)")
    p.add_argument("--skip-faults", action="store_true", help="no small-query latency beside a sick upstream (faults)")
    p.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra environment for the graph server, for what-if runs (e.g. UPSTREAM_MAX_CONCURRENCY=20)",
    )
    p.add_argument("--client-id", default=DEFAULT_CLIENT_ID, help="consumer the harness authenticates as")
    p.add_argument("--size", type=int, default=4000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--results-dir", type=Path, default=REPO / "bench" / "results")
    return p.parse_args(argv)


def busy_percent(seconds: float = 2.0) -> float:
    from bench.procs import machine_cpu

    b0, t0 = machine_cpu()
    time.sleep(seconds)
    b1, t1 = machine_cpu()
    return round(100 * (b1 - b0) / (t1 - t0), 1) if t1 > t0 else 0.0


def wait_quiet(limit: float, threshold: float = 25.0) -> float:
    """Seconds waited for the machine to be under `threshold`% busy (at most `limit`)."""
    started = time.monotonic()
    said = -1
    while time.monotonic() - started < limit:
        busy = busy_percent(2.0)
        if busy < threshold:
            break
        if said < 0 or time.monotonic() - said >= 30:
            log(f"machine {busy}% busy: waiting for it to quieten (up to {limit:.0f} s in all)")
            said = time.monotonic()
    return round(time.monotonic() - started, 1)


def environment(waited: float) -> dict:
    env = {
        "machineBusyPercentBeforeStart": busy_percent(2.0),
        "waitedForQuietSeconds": waited,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "loadAverageAtStart": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                env["cpuModel"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        env["commit"] = (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, timeout=5
            ).stdout.strip()
            or None
        )
    except (OSError, subprocess.TimeoutExpired):
        env["commit"] = None
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for name in ("strawberry-graphql", "graphql-core", "starlette", "uvicorn", "httpx", "aiodataloader", "pydantic"):
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            pass
    env["packages"] = versions
    return env


def build_workloads(population, s1_count: int = 20, pages_concurrent: bool = False) -> dict[str, list[Unit]]:
    people = s1_people(population, s1_count)
    s1 = [Unit([Request(S1_QUERY, s1_variables(p), minimum_s1(p), key=f"S1 {p.crn}")]) for p in people]

    def page(per_page: int, n: int) -> Request:
        return Request(
            S2_QUERY, s2_variables(per_page, n), minimum_s2(s2_page(population, per_page, n)), key=f"S2 {per_page} p{n}"
        )

    return {
        "S1": s1,
        "S2(10)": [Unit([page(10, 1)])],
        "S2(100)": [Unit([page(MAX_PER_PAGE, 1)])],
        "S2 light(100)": [
            Unit(
                [
                    Request(
                        S2_LIGHT_QUERY,
                        s2_light_variables(MAX_PER_PAGE),
                        minimum_s2_light(s2_page(population, MAX_PER_PAGE, 1)),
                        key="S2 light 100",
                    )
                ]
            )
        ],
        "S2(1000)": [Unit([page(MAX_PER_PAGE, n) for n in range(1, 11)], concurrent=pages_concurrent)],
    }


async def graph_phase(
    args,
    preset: dict,
    simulator,
    admin: SimulatorAdmin,
    workloads: dict,
    results: dict,
    log_dir: Path,
    token: str | None,
) -> None:
    scale = args.iterations_scale
    n = lambda key: max(1, round(preset[key] * scale))  # noqa: E731
    s1_floor, s2_floor = floor_ms(args.latency_ms, S1_LEVELS), floor_ms(args.latency_ms, S2_LEVELS)
    light_floor = floor_ms(args.latency_ms, S2_LIGHT_LEVELS)

    # --- first requests and repeats: a fresh graph per scenario, so the first meets empty caches
    for name in ("S1", "S2(10)", "S2(100)", "S2 light(100)"):
        server = start_graph(simulator.url, log_dir, workers=1, extra_env=args.server_env_map, name="graph-first")
        graph = Graph(server.url, simulator.url, client_id=args.client_id, token=token, connections=2)
        try:
            await graph.execute("{ __typename }", {})  # token and JWKS, not the caches
            for label in ("first", "repeat"):
                results["exact"][f"{name} {label}"] = ex = await exact_upstream(graph, admin, workloads[name][0])
                log(f"{name} {label}: {ex['observed']} upstream requests (minimum {ex['minimum']})")
        finally:
            await graph.aclose()
            server.stop()

    # --- 1 worker, batching on: everything one at a time, then S3
    log("starting the graph (1 worker)")
    server = start_graph(simulator.url, log_dir, workers=1, extra_env=args.server_env_map)
    graph = Graph(server.url, simulator.url, client_id=args.client_id, token=token, connections=10)
    try:
        for unit in (workloads["S1"][0], workloads["S2(10)"][0]):  # token, JWKS, connections
            await asyncio.gather(*(graph.execute(r.query, r.variables) for r in unit.requests))
        plan = [
            ("S1", n("s1"), s1_floor),
            ("S2(10)", n("s2_10"), s2_floor),
            ("S2(100)", n("s2_100"), s2_floor),
            ("S2 light(100)", n("s2_light"), light_floor),
            ("S2(1000)", n("s2_1000"), s2_floor if workloads["S2(1000)"][0].concurrent else 10 * s2_floor),
        ]
        for name, iterations, floor in plan:
            await settle(preset["settle"])
            results["exact"][name] = ex = await exact_upstream(graph, admin, workloads[name][0])
            log(
                f"{name}: one unit made {ex['observed']} upstream requests (minimum {ex['minimum']}) in "
                f"{ex['latencyMs']} ms; responses with errors: {ex['responsesWithErrors']}"
            )
            log(f"{name}: {iterations} units one at a time")
            run = await run_sequential(
                name, graph, admin, server, simulator, workloads[name], iterations, floor, warmup=0
            )
            results["scenarios"][name] = run.as_dict()
            results["_answers"][name] = run.responses[0]
            sc = results["scenarios"][name]
            log(
                f"{name}: p50 {sc['latencyMs']['p50']} ms, p95 {sc['latencyMs']['p95']} ms; "
                f"server CPU {sc['serverCpuMsPerUnit']} ms/unit, {sc['serverCpuUsPerField']} µs/field"
            )
        if preset["probe"]:
            await settle(preset["settle"])
            other = Unit(workloads["S2(1000)"][0].requests, concurrent=not workloads["S2(1000)"][0].concurrent)
            label = f"S2(1000) pages {'concurrently' if other.concurrent else 'one after another'}"
            results["exact"][label] = ex = await exact_upstream(graph, admin, other)
            log(
                f"{label}: {ex['latencyMs']} ms, {ex['observed']} upstream requests, {ex['responsesWithErrors']} of 10 "
                f"pages with errors {[e.get('message') for e in ex['firstErrors']][:1]}"
            )
        if args.profile:
            results["profile"] = {}
            for name in ("S1", "S2(100)"):
                await settle(preset["settle"])
                results["profile"][name] = await profile_phase(
                    graph, server, name, workloads[name], preset["profile"] or 8.0, args.results_dir
                )
        if not args.skip_load:
            await settle(preset["settle"])
            results["load"]["S3 1 worker"] = await load_phase(args, preset, server, simulator, admin, workloads, token)
        results["memory"]["S3 1 worker" if not args.skip_load else "graph 1 worker"] = server.memory()
    finally:
        await graph.aclose()
        server.stop()

    # --- 2 workers: S3
    if not args.skip_load:
        log("starting the graph (2 workers)")
        server = start_graph(simulator.url, log_dir, workers=2, extra_env=args.server_env_map)
        try:
            warm = Graph(server.url, simulator.url, client_id=args.client_id, token=token, connections=4)
            for _ in range(4):  # likely reaches both workers: each verifies the token and fetches JWKS once
                await asyncio.gather(
                    *(
                        warm.execute(r.query, r.variables)
                        for r in (workloads["S1"][0].requests[0], workloads["S2(10)"][0].requests[0])
                    )
                )
            await warm.aclose()
            results["load"]["S3 2 workers"] = await load_phase(args, preset, server, simulator, admin, workloads, token)
            results["memory"]["S3 2 workers"] = server.memory()
        finally:
            server.stop()

    # --- the peer: GraphQL Mesh + Hive Gateway over the same simulator
    if not args.skip_peer:
        await peer_phase(args, preset, simulator, admin, results, log_dir)

    # --- batching off: S2(100)
    log("starting the graph (1 worker, BATCHING=off)")
    server = start_graph(simulator.url, log_dir, workers=1, batching=False, extra_env=args.server_env_map)
    graph = Graph(server.url, simulator.url, client_id=args.client_id, token=token, connections=2)
    try:
        await graph.execute(workloads["S2(10)"][0].requests[0].query, workloads["S2(10)"][0].requests[0].variables)
        results["exact"]["S2(100) batching off"] = await exact_upstream(graph, admin, workloads["S2(100)"][0])
        run = await run_sequential(
            "S2(100) batching off",
            graph,
            admin,
            server,
            simulator,
            workloads["S2(100)"],
            n("nobatch"),
            s2_floor,
            warmup=1,
        )
        results["noBatching"] = run.as_dict()
        log(
            f"S2(100) batching off: p50 {results['noBatching']['latencyMs']['p50']} ms, "
            f"{results['noBatching']['upstreamPerUnit']} upstream requests"
        )
        results["memory"]["batching off"] = server.memory()
    finally:
        await graph.aclose()
        server.stop()


async def peer_phase(args, preset, simulator, admin: SimulatorAdmin, results: dict, log_dir: Path) -> None:
    """S1 and the wing lists through the peer, one at a time, then S3 against it (as against one graph
    worker); each failure recorded, never fatal."""
    reason = peer_gateway.unavailable()
    if reason:
        log(f"peer: skipped ({reason})")
        results["peer"] = {"skipped": reason}
        return
    from simulator.population import Population

    population = Population(size=args.size, seed=args.seed)
    scale = args.iterations_scale
    n = lambda key: max(1, round(preset[key] * scale))  # noqa: E731
    upstream_token = bearer_token(simulator.url, "person-graph")  # the peer forwards the caller's token
    try:
        peer_gateway.install(log)
        log("peer: composing the upstream OpenAPI documents (mesh-compose)")
        peer_gateway.compose(simulator.url, log_dir)
        log("peer: starting Hive Gateway")
        server = peer_gateway.start(log_dir, upstream_token)
    except Exception as exc:  # a broken peer must not lose the graph's results
        log(f"peer: failed: {exc}")
        results["peer"] = {"skipped": f"failed: {str(exc)[-1500:]}"}
        return
    units = peer_gateway.workloads(population)
    floors = {
        "S1": floor_ms(args.latency_ms, S1_LEVELS),
        "S2(10)": floor_ms(args.latency_ms, S2_LEVELS),
        "S2(100)": floor_ms(args.latency_ms, S2_LEVELS),
        "S2 light(100)": floor_ms(args.latency_ms, S2_LIGHT_LEVELS),
    }
    iterations = {"S1": n("s1"), "S2(10)": n("s2_10"), "S2(100)": n("s2_100"), "S2 light(100)": n("s2_light")}
    graph = Graph(server.url, simulator.url, client_id="person-graph", token=upstream_token, connections=2)
    peer: dict = {
        "scenarios": {},
        "exact": {},
        "load": {},
        "versions": peer_versions(),
        "description": peer_gateway.DESCRIPTION,
    }
    try:
        for unit in (units["S1"][0], units["S2(10)"][0]):
            await send_unit(graph, unit)
        for name, unit_list in units.items():
            await settle(preset["settle"])
            peer["exact"][name] = ex = await exact_upstream(graph, admin, unit_list[0])
            run = await run_sequential(
                f"peer {name}", graph, admin, server, simulator, unit_list, iterations[name], floors[name], warmup=1
            )
            peer["scenarios"][name] = sc = run.as_dict()
            log(
                f"peer {name}: p50 {sc['latencyMs']['p50']} ms; CPU {sc['serverCpuMsPerUnit']} ms/unit; "
                f"{sc['upstreamPerUnit']} upstream requests (one alone: {ex['observed']}); errors {sc['responsesWithErrors']}"
            )
        if not args.skip_load:
            await settle(preset["settle"])
            peer["load"]["S3"] = await load_phase(
                args, preset, server, simulator, admin, units, upstream_token, label="peer S3"
            )
        peer["memory"] = server.memory()
    except Exception as exc:
        log(f"peer: failed while measuring: {exc}")
        peer["failed"] = str(exc)[-1500:]
    finally:
        await graph.aclose()
        server.stop()
    results["peer"] = peer


def peer_versions() -> dict[str, str]:
    import json

    out = {}
    for name in ("@graphql-hive/gateway", "@graphql-mesh/compose-cli", "@omnigraph/openapi", "graphql"):
        try:
            out[name] = json.loads((peer_gateway.PEER_DIR / "node_modules" / name / "package.json").read_text())[
                "version"
            ]
        except (OSError, ValueError, KeyError):
            pass
    return out


async def load_phase(args, preset, server, simulator, admin, workloads, token, label: str | None = None) -> dict:
    """S3 against `server`: `workloads`' S1 and S2(100) requests, mixed by --s1-share."""
    clients = args.clients or preset["clients"]
    duration = args.duration or preset["duration"]
    kinds = {"S1": [u.requests[0] for u in workloads["S1"]], "S2(100)": [workloads["S2(100)"][0].requests[0]]}
    mix = {"S1": args.s1_share, "S2(100)": 1 - args.s1_share}
    label = label or f"S3 {server.workers} worker{'s' if server.workers > 1 else ''}"
    log(f"{label}: {clients} clients for {duration:.0f} s")
    result = await run_load(
        label, server.url, simulator.url, token, admin, server, simulator, kinds, mix, clients, duration
    )
    log(
        f"{label}: {result['completed']} requests, {result['throughputPerSecond']} req/s, "
        f"p50 {result['latencyMs']['p50']} ms, {result['requestsPerCpuSecond']} req per CPU-second, "
        f"errors {result['errors']}"
    )
    return result


async def settle(seconds: float) -> None:
    """Idle long enough for the graph's upstream keep-alive connections to expire (httpx: 5 s), so a
    scenario does not pay for the connections the previous one left in the pool."""
    if seconds:
        await asyncio.sleep(seconds)


async def profile_phase(graph: Graph, server, name: str, units: list, seconds: float, results_dir: Path) -> dict:
    if profiling.py_spy() is None:
        log("profile: py-spy is not installed; skipped")
        return {"skipped": "py-spy not installed"}
    results_dir.mkdir(parents=True, exist_ok=True)
    out = results_dir / f"profile-{name.lower().replace('(', '-').replace(')', '')}.txt"
    log(f"profile: py-spy on the server for {seconds:.0f} s of {name} queries")
    proc = profiling.start(server.pid, seconds, out)
    await asyncio.sleep(0.5)
    deadline = time.perf_counter() + seconds
    count = 0
    while time.perf_counter() < deadline and proc.poll() is None:
        await send_unit(graph, units[count % len(units)])
        count += 1
    _, err = proc.communicate(timeout=60)
    if proc.returncode != 0 or not out.exists():
        log(f"profile: py-spy failed: {err.decode(errors='replace')[-300:]}")
        return {"skipped": f"py-spy failed: {err.decode(errors='replace')[-300:]}"}
    summary = profiling.summarise(out, REPO)
    summary["workload"] = f"{count} {name} queries one at a time"
    summary["raw"] = str(out.relative_to(REPO))
    return summary


def findings(r: dict) -> list[str]:
    """Plain statements of where the graph is furthest from its targets, from the numbers."""
    out = []
    sc, bare = r["scenarios"], r.get("bare", {})
    for name in ("S1", "S2(10)", "S2(100)", "S2(1000)"):
        s = sc.get(name)
        if not s:
            continue
        over = s["latencyMs"]["p50"] - s["floorMs"]
        out.append(
            f"{name}: p50 is {s['latencyMs']['p50']} ms against a {s['floorMs']} ms floor: "
            f"{over:.0f} ms above it; the server spends {s['serverCpuMsPerUnit']} ms CPU per unit "
            f"({s['serverCpuUsPerField']} µs per field"
            + (
                f", {s['serverCpuUsPerField'] / bare[name]['cpuUsPerField']:.1f}× bare Strawberry's "
                f"{bare[name]['cpuUsPerField']} µs"
                if name in bare and bare[name].get("cpuUsPerField")
                else ""
            )
            + f") and the simulator {s['simulatorCpuMsPerUnit']} ms on the same cores; the server's event loop "
            f"waited {s.get('serverRunQueueWaitMsPerUnit', '?')} ms per unit for a core."
        )
    for name, prof in (r.get("profile") or {}).items():
        stages = {st["stage"]: st["percent"] for st in prof.get("byStage", [])}
        s = sc.get(name)
        if not stages or not s:
            continue
        validation = stages.get("request validation (graphql validate_document)", 0)
        upstream = stages.get("upstream requests (UpstreamClient._call)", 0)
        per_call = s["serverCpuMsPerUnit"] * upstream / 100 / s["upstreamPerUnit"] if s["upstreamPerUnit"] else 0
        out.append(
            f"{name} profile: {upstream}% of the server's CPU is spent making upstream requests "
            f"(≈{per_call:.2f} ms CPU per request, {s['upstreamPerUnit']:.0f} requests per query), "
            f"{stages.get('GraphQL execution (any graphql-core executor frame)', 0)}% under graphql-core's "
            f"executor, {validation}% validating the request."
        )
        if validation >= 10:
            out.append(
                f"{name}: validation runs on every request ({validation}% of CPU) although the query text "
                "never changes and ValidationCache is configured, so the cache is not hitting."
            )
    nb = r.get("noBatching")
    if nb and "S2(100)" in sc:
        out.append(
            f"Batching saves {nb['upstreamPerUnit'] - sc['S2(100)']['upstreamPerUnit']:.0f} upstream requests per "
            f"S2(100) ({nb['upstreamPerUnit']} → {sc['S2(100)']['upstreamPerUnit']}); p50 "
            f"{nb['latencyMs']['p50']} → {sc['S2(100)']['latencyMs']['p50']} ms."
        )
    load = r.get("load", {})
    if "S3 1 worker" in load and "S3 2 workers" in load:
        a, b = load["S3 1 worker"], load["S3 2 workers"]
        out.append(
            f"S3: {a['throughputPerSecond']} req/s with 1 worker, {b['throughputPerSecond']} with 2, on "
            f"{r['environment']['cpus']} cores shared with the simulator and the load generator; "
            f"{a['requestsPerCpuSecond']} vs {b['requestsPerCpuSecond']} requests per server CPU-second, "
            f"{a['serverCpuUsPerField']} vs {b['serverCpuUsPerField']} µs per field. Answers with GraphQL "
            f"errors: {sum(a['responsesWithErrors'].values())} of {a['completed']} vs "
            f"{sum(b['responsesWithErrors'].values())} of {b['completed']} ({a['errors']} / {b['errors']}): "
            "under this load upstream requests overrun the graph's upstream timeout (5 s)."
        )
        if (
            b["requestsPerCpuSecond"]
            and a["requestsPerCpuSecond"]
            and b["requestsPerCpuSecond"] > 1.1 * a["requestsPerCpuSecond"]
        ):
            out.append(
                "S3's worker target misses on the good side: two workers served more requests per CPU-second "
                "than one. The server's CPU per request is not constant under load (one worker carries twice "
                "the requests in flight), and answers cut short by UPSTREAM_TIMEOUT resolve fewer fields, so "
                "compare the µs per field too."
            )
    noisy = [
        f"{name} ({d['machine']['unattributedCores']})"
        for name, d in [*r["scenarios"].items(), *load.items()]
        if ((d.get("machine") or {}).get("unattributedCores") or 0) > 0.1
    ]
    if noisy:
        out.append(
            "CPU not attributable to the graph, simulator or harness exceeded 0.1 core during "
            + ", ".join(noisy)
            + " (other processes, kernel networking): those figures may be inflated by competition for the cores."
        )
    return out


def render(path: Path) -> int:
    """docs/performance.md and the plots from a stored results file (targets and findings recomputed)."""
    import json

    results = json.loads(path.read_text())
    results["targets"] = report.targets(results)
    results["findings"] = findings(results)
    plot_files = report.plots(results)
    report.DOCS.write_text(report.markdown(results, plot_files, path.name))
    print(report.table(results))
    print(f"wrote {report.DOCS.relative_to(REPO)} from {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.render:
        return render(args.render)
    args.server_env_map = dict(item.split("=", 1) for item in args.server_env)
    install_cleanup()
    preset = dict(PRESETS["quick" if args.quick else "full"])
    if args.profile is None:
        args.profile = not args.quick
    if args.docs is None or args.only_peer:
        args.docs = not args.quick and not args.only_peer
    if args.wait_quiet is None:
        args.wait_quiet = 0.0 if args.quick else 90.0
    started_at = datetime.now(UTC)
    stamp = (
        started_at.strftime("%Y%m%dT%H%M%SZ") + ("-quick" if args.quick else "") + ("-peer" if args.only_peer else "")
    )
    log_dir = args.results_dir / "logs" / stamp
    t0 = time.monotonic()

    from simulator.population import Population

    log(f"building the population ({args.size}, seed {args.seed}) for the minimum request counts")
    population = Population(size=args.size, seed=args.seed)
    workloads = build_workloads(population, pages_concurrent=args.s2_1000 == "concurrent")

    if args.load_only:
        return load_only.run(args, preset, workloads, args.results_dir, stamp, log_dir, log, load_phase)

    results: dict = {
        "startedAt": started_at.isoformat(timespec="seconds"),
        "config": {
            "quick": args.quick,
            "latencyMs": args.latency_ms,
            "jitterMs": args.jitter_ms,
            "clients": args.clients or preset["clients"],
            "durationSeconds": args.duration or preset["duration"],
            "s1Share": args.s1_share,
            "s1People": len(workloads["S1"]),
            "clientId": args.client_id,
            "size": args.size,
            "seed": args.seed,
            "s2_1000": args.s2_1000,
            "serverEnv": args.server_env_map,
            "iterations": {k: v for k, v in preset.items()},
        },
        "environment": environment(wait_quiet(args.wait_quiet) if args.wait_quiet else 0.0),
        "scenarios": {},
        "exact": {},
        "load": {},
        "memory": {},
        "bare": {},
        "_answers": {},
    }

    log("starting the simulator")
    simulator = start_simulator(log_dir, size=args.size, seed=args.seed)
    admin = SimulatorAdmin(simulator.url)
    try:
        admin.clear_faults()
        admin.set_latency(args.latency_ms, args.jitter_ms)
        token = bearer_token(simulator.url, args.client_id)
        runner = event_loop_runner()
        with runner:
            if args.only_peer:
                runner.run(peer_phase(args, preset, simulator, admin, results, log_dir))
            else:
                runner.run(graph_phase(args, preset, simulator, admin, workloads, results, log_dir, token))
        results["memory"]["simulator"] = simulator.memory()
    finally:
        admin.close()
        simulator.stop()

    answers = results.pop("_answers")
    if args.only_peer:
        return finish(args, results, stamp, t0)
    log("bare Strawberry over the recorded answers")
    specs = {"S1": [(workloads["S1"][0].requests[0].variables, answers["S1"][0])]}
    for name in ("S2(10)", "S2(100)", "S2(1000)"):
        specs[name] = [
            (req.variables, body) for req, body in zip(workloads[name][0].requests, answers[name], strict=False)
        ]
    for name, pages in specs.items():
        query = S1_QUERY if name == "S1" else S2_QUERY
        results["bare"][name] = bare_strawberry.measure(
            query,
            pages,
            min_repeats=3 if args.quick or len(pages) > 1 else 20,
            min_seconds=0.3 if args.quick else 1.5,
            size=args.size,
            seed=args.seed,
        )
    if not args.skip_abuse:  # its own simulator and graph: nothing else is running by now
        log("abuse: a small query alone and while each attack runs")
        results["abuse"] = abuse.measure(30 if args.quick else 200, args.latency_ms)
    if not args.skip_faults:  # its own simulator and graph too
        log("faults: a small query while other queries meet a sick upstream")
        results["faults"] = faults.measure(30 if args.quick else 100, args.latency_ms)
    return finish(args, results, stamp, t0)


def finish(args: argparse.Namespace, results: dict, stamp: str, t0: float) -> int:
    """Targets and findings, the printed table, the results JSON and (with --docs) the report."""
    results["targets"] = report.targets(results)
    results["findings"] = findings(results)
    results["elapsedSeconds"] = round(time.monotonic() - t0, 1)

    json_path, _ = report.write_json(results, args.results_dir, stamp, latest=not args.only_peer)
    print(report.table(results))
    print(
        f"\nresults: {json_path.relative_to(REPO)}"
        + ("" if args.only_peer else " (and bench/results/latest.json)")
        + f"; {results['elapsedSeconds']} s in all"
    )
    if args.docs:
        plot_files = report.plots(results)
        if not plot_files:
            log("matplotlib is not installed: no plots")
        report.DOCS.write_text(report.markdown(results, plot_files, json_path.name))
        print(
            f"wrote {report.DOCS.relative_to(REPO)}"
            + (f" and {len(plot_files)} plots in bench/plots/" if plot_files else "")
        )
    return 0
