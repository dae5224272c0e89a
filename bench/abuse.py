"""What each attack costs a small query sent meanwhile: its p50 and p99 alone, and while the attack runs.

The abuse suite (tests/e2e/test_abuse.py) checks each attack is refused and the small query still
answered; how much slower it is answered is a timing, so it is measured here, against the issue's
bound: normal latency plus 100 ms. The graph runs as in production (one worker, default limits,
`person-graph serve` against the standalone simulator with injected upstream latency); one attacker
process repeats an attack for as long as the small query is being sampled.

    .venv/bin/python -m bench.abuse                 # about 2 minutes; prints a table
    .venv/bin/python -m bench.abuse --samples 50    # quicker, rougher
    .venv/bin/python -m bench.abuse --json out.json # also the figures, for bench's report
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from multiprocessing.sharedctypes import Synchronized
from multiprocessing.synchronize import Event as EventType
from pathlib import Path

import httpx
import orjson

from bench.attacks import (
    MB,
    alias_bomb,
    fragment_fan_out,
    header_lines,
    huge_header,
    send_until_answered,
    slow_headers,
    trickled_body,
)
from bench.client import SimulatorAdmin, bearer_token
from bench.procs import Started, install_cleanup, peak_rss_mib, start_graph, start_simulator
from bench.small_query import SMALL, Sampled, percentile, sample, sample_beside

BOUND_MS = 100.0  # the issue's: a small query keeps its normal latency plus this, whatever else arrives


@dataclass
class Row:
    attack: str
    p50_ms: float
    p99_ms: float
    p50_delta_ms: float
    p99_delta_ms: float
    attacks_started: int
    worker_peak_rss_mib: float | None
    refused: int = 0  # small queries answered 503 (admission control): not within the bound either


def attacks(graph_url: str, token: str) -> dict[str, Callable[[], object]]:
    """Each attack once; the attacker repeats it."""
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    hostile = httpx.Client(base_url=graph_url, headers=auth, timeout=60)

    def post(document: str) -> Callable[[], object]:
        return lambda: hostile.post("/graphql", json={"query": document})

    body_head = (
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in auth.items())
        + f"Content-Length: {100 * MB}\r\n\r\n"
    ).encode()
    chunk = b" " * (64 * 1024)
    return {
        "fragment fan-out (10^9 selections)": post(fragment_fan_out(9)),
        "5,000 aliases": post(alias_bomb(5000)),
        "100 MB body": lambda: send_until_answered(graph_url, body_head, (chunk for _ in range(1600)), 100 * MB),
        "200 slow-header connections": lambda: slow_headers(graph_url, connections=200, interval=0.2),
        "50 trickled bodies": lambda: trickled_body(graph_url, connections=50, interval=0.2),
        "10 MB header": lambda: huge_header(graph_url),
        "100,000 header lines": lambda: header_lines(graph_url),
    }


def attacker(name: str, graph_url: str, token: str, stop: EventType, started: Synchronized) -> None:
    """In its own process, so that building and sending an attack takes nothing from the sampler."""
    attack = attacks(graph_url, token)[name]
    while not stop.is_set():
        with started.get_lock():
            started.value += 1
        attack()


def measure(samples: int, latency_ms: float) -> dict:
    """The figures as bench's results hold them (`results["abuse"]`, rendered by `table`)."""
    rows = run(samples, latency_ms)
    return {"samples": samples, "latencyMs": latency_ms, "rows": [asdict(r) for r in rows]}


def run(samples: int, latency_ms: float) -> list[Row]:
    log_dir = Path(tempfile.mkdtemp(prefix="bench-abuse-"))
    simulator = start_simulator(log_dir)
    graph: Started | None = None
    try:
        SimulatorAdmin(simulator.url).set_latency(latency_ms)
        graph = start_graph(simulator.url, log_dir, name="graph-abuse")
        token = bearer_token(simulator.url)
        with httpx.Client(base_url=graph.url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
            sample(client, 20)  # warm: parse cache, connections, JIT-free but first-call costs
            alone = sample(client, samples)
            rows = [row("none (alone)", alone, alone.timings_ms, 0, graph)]
            for name in attacks(graph.url, token):
                sampled, sent = sample_beside(attacker, (name, graph.url, token), client, samples, 0.2)
                rows.append(row(name, sampled, alone.timings_ms, sent, graph))
                print(f"  {name}: p99 {rows[-1].p99_ms:.0f} ms", flush=True)
        return rows
    finally:
        if graph is not None:
            graph.stop()
        simulator.stop()


def row(name: str, sampled: Sampled, alone: list[float], sent: int, graph: Started) -> Row:
    timings = sampled.timings_ms or [float("nan")]  # every one refused
    p50, p99 = statistics.median(timings), percentile(timings, 0.99)
    return Row(
        attack=name,
        p50_ms=round(p50, 1),
        p99_ms=round(p99, 1),
        p50_delta_ms=round(p50 - statistics.median(alone), 1),
        p99_delta_ms=round(p99 - percentile(alone, 0.99), 1),
        attacks_started=sent,
        worker_peak_rss_mib=peak_rss_mib(graph.pid),
        refused=sampled.refused,
    )


def table(figures: dict) -> str:
    """Markdown, for the terminal and for docs/performance.md, from `measure`'s figures."""
    rows = [Row(**r) for r in figures["rows"]]
    samples, latency_ms = figures["samples"], figures["latencyMs"]
    lines = [
        f"A small query (`{SMALL}`), {samples} times one after another, alone and while one attacker process "
        f"repeats each attack; one worker, default limits, {latency_ms:g} ms upstream latency. "
        f"Bound: the p99 alone plus {BOUND_MS:g} ms.",
        "",
        "| attack | attacks started | p50 ms | p99 ms | p50 Δ ms | p99 Δ ms | refused (503) | within bound "
        "| worker peak RSS MiB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        within = "yes" if r.p99_delta_ms <= BOUND_MS and not r.refused else "**no**"
        rss = f"{r.worker_peak_rss_mib:.0f}" if r.worker_peak_rss_mib else "?"
        lines.append(
            f"| {r.attack} | {r.attacks_started} | {r.p50_ms:.0f} | {r.p99_ms:.0f} | {r.p50_delta_ms:+.0f} | "
            f"{r.p99_delta_ms:+.0f} | {r.refused} | {within} | {rss} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.abuse", description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=200, help="small queries per attack (default 200)")
    parser.add_argument("--latency-ms", type=float, default=20.0, help="injected upstream latency (default 20)")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args(argv)
    install_cleanup()
    figures = measure(args.samples, args.latency_ms)
    print(table(figures))
    if args.json:
        args.json.write_bytes(orjson.dumps(figures, option=orjson.OPT_INDENT_2))
    return 0 if all(r["p99_delta_ms"] <= BOUND_MS for r in figures["rows"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
