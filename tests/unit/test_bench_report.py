"""bench/report.py's side-by-side section: which rows a results file gives, their ratios, and what the
text says, for results from before the peer ran S1 and S3 as well as after."""

from __future__ import annotations

import pytest

from bench import report


def sequential(p50: float, cpu: float, upstream: float) -> dict:
    """The fields of a one-at-a-time scenario (bench.scenarios.Sequential.as_dict) the report reads."""
    return {
        "latencyMs": {"p50": p50, "p95": p50 * 1.5, "p99": p50 * 2},
        "serverCpuMsPerUnit": cpu,
        "upstreamPerUnit": upstream,
        "upstreamMinimumPerUnit": upstream,
        "floorMs": 60.0,
        "throughputPerSecond": 1.0,
        "fieldsPerUnit": 100.0,
        "serverCpuUsPerField": 1.0,
        "simulatorCpuMsPerUnit": 1.0,
        "requestsPerUnit": 1,
        "machine": {"unattributedCores": 0.0},
    }


def load(completed: int, per_second: float, p50: float, cpu: float, upstream: float, errors: dict) -> dict:
    """The fields of an S3 run (bench.scenarios.run_load) the report reads."""
    return {
        "completed": completed,
        "admitted": completed,
        "refused": 0,
        "throughputPerSecond": per_second,
        "latencyMs": {"p50": p50, "p95": p50 * 2, "p99": p50 * 4},
        "latencyMsByKind": {},
        "responsesWithErrors": {"S1": sum(errors.values())} if errors else {},
        "errors": errors,
        "serverCpuMsPerRequest": cpu,
        "serverCpuUsPerField": 10.0,
        "upstreamPerRequest": upstream,
        "upstreamMinimumPerRequest": upstream,
        "fieldsPerRequest": 1000.0,
        "simulatorCpuSeconds": 1.0,
        "machine": {"unattributedCores": 0.0},
    }


GRAPH = {
    "S1": sequential(70.0, 20.0, 11.0),
    "S2(10)": sequential(80.0, 30.0, 31.0),
    "S2(100)": sequential(280.0, 240.0, 295.0),
    "S2 light(100)": sequential(90.0, 45.0, 2.0),
}
GRAPH_S3 = load(150, 7.5, 2000.0, 130.0, 140.0, {})
PEER_S3 = load(100, 5.0, 4000.0, 200.0, 150.0, {"INTERNAL_SERVER_ERROR": 2})
PEER_S2 = {
    "S2(10)": sequential(120.0, 60.0, 33.0),
    "S2(100)": sequential(560.0, 400.0, 297.0),
    "S2 light(100)": sequential(80.0, 40.0, 3.0),
}


def results(peer_scenarios: dict, peer_load: dict | None, graph: dict = GRAPH, description: bool = True) -> dict:
    peer: dict = {"scenarios": peer_scenarios, "exact": {}, "versions": {"@graphql-hive/gateway": "2.15.1"}}
    if peer_load is not None:  # results from before the peer ran S3 have no "load" at all
        peer["load"] = peer_load
    if description:
        peer["description"] = "composes the documents (test)"
    return {
        "scenarios": graph,
        "load": {"S3 1 worker": GRAPH_S3},
        "exact": {},
        "config": {"clients": 50, "s1Share": 0.5, "durationSeconds": 20.0},
        "peer": peer,
    }


EARLIER = results(PEER_S2, None, description=False)  # a results file from before this change
NOW = results({"S1": sequential(100.0, 40.0, 11.0), **PEER_S2}, {"S3": PEER_S3})


@pytest.mark.parametrize(
    ("name", "r", "rows"),
    [
        (
            "earlier results: the wing lists only",
            EARLIER,
            [
                "| S2(10) | 80.0 / 120.0 | 0.667 | 30.0 / 60.0 | 0.5 | 31.0 / 33.0 | 0.939 |",
                "| S2(100) | 280.0 / 560.0 | 0.5 | 240.0 / 400.0 | 0.6 | 295.0 / 297.0 | 0.993 |",
                "| S2 light(100) | 90.0 / 80.0 | 1.125 | 45.0 / 40.0 | 1.125 | 2.0 / 3.0 | 0.667 |",
            ],
        ),
        (
            "S1 and S3 through the peer: S3 per request against the graph's one worker",
            NOW,
            [
                "| S1 | 70.0 / 100.0 | 0.7 | 20.0 / 40.0 | 0.5 | 11.0 / 11.0 | 1.0 |",
                "| S2(10) | 80.0 / 120.0 | 0.667 | 30.0 / 60.0 | 0.5 | 31.0 / 33.0 | 0.939 |",
                "| S2(100) | 280.0 / 560.0 | 0.5 | 240.0 / 400.0 | 0.6 | 295.0 / 297.0 | 0.993 |",
                "| S2 light(100) | 90.0 / 80.0 | 1.125 | 45.0 / 40.0 | 1.125 | 2.0 / 3.0 | 0.667 |",
                "| S3, per request (graph: 1 worker) | 2000.0 / 4000.0 | 0.5 | 130.0 / 200.0 | 0.65 | 140.0 / 150.0 | 0.933 |",
            ],
        ),
        (
            "a scenario the graph did not run has no row (an --only-peer run)",
            {**results({"S1": sequential(100.0, 40.0, 11.0)}, {"S3": PEER_S3}, graph={}), "load": {}},
            [],
        ),
        (
            "the peer's S3 without the graph's (--skip-load on the graph, say) has no S3 row",
            {**results({"S1": sequential(100.0, 40.0, 11.0)}, {"S3": PEER_S3}), "load": {}},
            ["| S1 | 70.0 / 100.0 | 0.7 | 20.0 / 40.0 | 0.5 | 11.0 / 11.0 | 1.0 |"],
        ),
    ],
)
def test_side_by_side_rows(name: str, r: dict, rows: list[str]) -> None:
    assert report.side_by_side_rows(r) == rows, name


@pytest.mark.parametrize(
    ("name", "r", "rows"),
    [
        ("no S3 through the peer: no table", EARLIER, []),
        (
            "the peer's S3 beside the graph's one worker, with ratios graph / peer",
            NOW,
            [
                "| run | completed | req/s | p50 ms | p95 ms | p99 ms | errors | server CPU ms per request | "
                "upstream requests per request |",
                "|---|---:|---:|---:|---:|---:|---|---:|---:|",
                "| Person Graph, 1 worker | 150 | 7.5 | 2000.0 | 4000.0 | 8000.0 | 0 answers with errors | 130.0 | 140.0 |",
                "| peer (Hive Gateway, 1 process) | 100 | 5.0 | 4000.0 | 8000.0 | 16000.0 | 2 answers with errors; "
                "INTERNAL_SERVER_ERROR 2 | 200.0 | 150.0 |",
                "| ratio graph / peer | 1.5 | 1.5 | 0.5 | 0.5 | 0.5 | | 0.65 | 0.933 |",
            ],
        ),
    ],
)
def test_s3_rows(name: str, r: dict, rows: list[str]) -> None:
    assert report.s3_rows(r) == rows, name


@pytest.mark.parametrize(
    ("name", "r", "present", "absent"),
    [
        (
            "earlier results say S1 and S3 did not run, and what that peer was",
            EARLIER,
            ["S1 and S3 were not run through the peer.", report.EARLIER_PEER],
            ["S3, per request", "S1 in the peer's schema", "S3 against the peer"],
        ),
        (
            "results with both say how S1 differs and how S3 ran, and nothing about not running",
            NOW,
            [
                "composes the documents (test)",
                "S1 in the peer's schema",
                "no limited-access check",
                "S3 against the peer: the same load generator, 50 clients",
                "one Node.js process (`--fork 1`)",
                "| S3, per request (graph: 1 worker) |",
                "| ratio graph / peer |",
                "What the peer does not do",
            ],
            ["not run through the peer", report.EARLIER_PEER],
        ),
        (
            "S1 without S3 (the graph run with --skip-load) says S3 did not run",
            results({"S1": sequential(100.0, 40.0, 11.0), **PEER_S2}, {}),
            ["S3 was not run through the peer.", "S1 in the peer's schema"],
            ["S1 and S3 were not run", "S3 against the peer"],
        ),
        (
            "a peer that could not start says why and no more",
            {**NOW, "peer": {"skipped": "node and npm are not installed"}},
            ["The peer did not run: node and npm are not installed"],
            ["| S1 |", "What the peer does not do"],
        ),
    ],
)
def test_peer_section_text(name: str, r: dict, present: list[str], absent: list[str]) -> None:
    text = "\n".join(report.peer_section(r))
    for phrase in present:
        assert phrase in text, (name, phrase)
    for phrase in absent:
        assert phrase not in text, (name, phrase)


def test_the_printed_table_has_the_peers_rows() -> None:
    lines = report.table({**NOW, "targets": []}).splitlines()
    labels = [line.split("  ")[0] for line in lines]
    assert [label for label in labels if label.startswith("peer ")] == [
        "peer S1",
        "peer S2(10)",
        "peer S2(100)",
        "peer S2 light(100)",
        "peer S3",
    ]
