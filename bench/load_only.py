"""`python -m bench --load-only`: S1 one at a time (its single-client p50), then S3 on one worker (and
two with `--load-workers 1,2`), nothing else: a before/after comparison of admission control in a
few minutes instead of the whole run. Prints one line per run and writes bench/results/load-only-*.json."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from bench.client import Graph, SimulatorAdmin, bearer_token
from bench.minimum import S1_LEVELS, floor_ms
from bench.procs import event_loop_runner, start_graph, start_simulator
from bench.scenarios import run_sequential


def summary(label: str, load: dict, s1_p50: float) -> str:
    by_kind = load["latencyMsByKind"]
    s1 = by_kind.get("S1", {})
    s2 = by_kind.get("S2(100)", {})
    ratio = round(s1["p99"] / s1_p50, 2) if s1 and s1_p50 else None
    return (
        f"{label}: admitted {load['admitted']} {load['completedByKind']}, refused {load['refused']} "
        f"{load['refusedByKind']}, errors {load['errors']}, {load['throughputPerSecond']} req/s; "
        f"S1 p50 {s1.get('p50')} p99 {s1.get('p99')} ms (p99 / single-client p50 = {ratio}); "
        f"S2(100) p50 {s2.get('p50')} p99 {s2.get('p99')} ms; server CPU {load['serverCpuSeconds']} s"
    )


async def measure(args, preset, workloads, simulator, admin: SimulatorAdmin, token, log_dir: Path, log, load_phase):
    """`load_phase`: the full run's own S3 phase (bench/cli.py)."""
    results: dict = {"load": {}}
    workers = [int(w) for w in args.load_workers.split(",")]
    for count in workers:
        server = start_graph(simulator.url, log_dir, workers=count, extra_env=args.server_env_map)
        graph = Graph(server.url, simulator.url, client_id=args.client_id, token=token, connections=4)
        try:
            for _ in range(4):  # token, JWKS and connections on every worker
                await asyncio.gather(
                    *(graph.execute(r.query, r.variables) for r in (workloads["S1"][0].requests[0],) * 2)
                )
            if "S1" not in results:
                iterations = max(1, round(preset["s1"] * args.iterations_scale))
                log(f"S1: {iterations} units one at a time")
                run = await run_sequential(
                    "S1",
                    graph,
                    admin,
                    server,
                    simulator,
                    workloads["S1"],
                    iterations,
                    floor_ms(args.latency_ms, S1_LEVELS),
                )
                results["S1"] = run.as_dict()
                log(f"S1 single client: p50 {results['S1']['latencyMs']['p50']} ms")
            await graph.aclose()
            load = await load_phase(args, preset, server, simulator, admin, workloads, token)
            results["load"][load["name"]] = load
        finally:
            server.stop()
    s1_p50 = results["S1"]["latencyMs"]["p50"]
    lines = [summary(name, load, s1_p50) for name, load in results["load"].items()]
    return results, lines


def run(args, preset: dict, workloads: dict, results_dir: Path, stamp: str, log_dir: Path, log, load_phase) -> int:
    simulator = start_simulator(log_dir, size=args.size, seed=args.seed)
    admin = SimulatorAdmin(simulator.url)
    t0 = time.monotonic()
    try:
        admin.clear_faults()
        admin.set_latency(args.latency_ms, args.jitter_ms)
        token = bearer_token(simulator.url, args.client_id)
        runner = event_loop_runner()
        with runner:
            results, lines = runner.run(
                measure(args, preset, workloads, simulator, admin, token, log_dir, log, load_phase)
            )
    finally:
        admin.close()
        simulator.stop()
    results["serverEnv"] = args.server_env_map
    results["elapsedSeconds"] = round(time.monotonic() - t0, 1)
    path = results_dir / f"load-only-{stamp}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1))
    for line in lines:
        print(line)
    print(f"results: {path}")
    return 0
