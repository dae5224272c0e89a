"""The abuse and faults tables judge each row against its bound; a refused small query is never within it."""

import pytest

from bench import abuse, faults


def abuse_row(p99_delta_ms: float, refused: int) -> dict:
    return {
        "attack": "an attack",
        "p50_ms": 30.0,
        "p99_ms": 40.0 + p99_delta_ms,
        "p50_delta_ms": 0.0,
        "p99_delta_ms": p99_delta_ms,
        "attacks_started": 3,
        "worker_peak_rss_mib": 120.0,
        "refused": refused,
    }


def faults_row(p99_ratio: float, refused: int) -> dict:
    return {
        "upstream": "alerts",
        "fault": "down (503)",
        "p50_ms": 30.0,
        "p99_ms": 40.0 * p99_ratio,
        "p99_ratio": p99_ratio,
        "other_queries": 100,
        "refused": refused,
    }


@pytest.mark.parametrize(
    ("p99_delta_ms", "refused", "within"),
    [(10.0, 0, "yes"), (abuse.BOUND_MS, 0, "yes"), (abuse.BOUND_MS + 1, 0, "**no**"), (10.0, 1, "**no**")],
)
def test_abuse_row_within_bound(p99_delta_ms, refused, within):
    table = abuse.table({"samples": 10, "latencyMs": 20.0, "rows": [abuse_row(p99_delta_ms, refused)]})
    assert f"| {refused} | {within} |" in table.splitlines()[-1]


def test_abuse_rows_of_earlier_runs_without_refusals_still_render():
    row = abuse_row(10.0, 0)
    del row["refused"]
    assert "| 0 | yes |" in abuse.table({"samples": 10, "latencyMs": 20.0, "rows": [row]})


@pytest.mark.parametrize(
    ("p99_ratio", "refused", "within"),
    [(1.0, 0, "yes"), (faults.BOUND, 0, "yes"), (faults.BOUND + 0.01, 0, "**no**"), (1.0, 2, "**no**")],
)
def test_faults_row_within_bound(p99_ratio, refused, within):
    table = faults.table({"samples": 10, "latencyMs": 20.0, "rows": [faults_row(p99_ratio, refused)]})
    assert f"| {refused} | {within} |" in table.splitlines()[-1]
