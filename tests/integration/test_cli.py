"""The console command's set-up commands, run as a user runs them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import jwt

from settings import UPSTREAMS
from simulator.auth import ISSUER, AuthServer

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.endswith("_URL")}
    return subprocess.run(
        [sys.executable, "-m", "cli", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60
    )


def test_dev_token_is_a_token_the_embedded_graph_accepts():
    done = run("dev-token", "private-prison-operator")
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip()
    claims = jwt.decode(token, AuthServer().private_key.public_key(), algorithms=["RS256"], issuer=ISSUER)
    assert claims["client_id"] == "private-prison-operator"


def test_dev_token_refuses_unknown_consumers_and_real_upstreams():
    done = run("dev-token", "nobody")
    assert done.returncode != 0 and "no consumer 'nobody'" in done.stderr
    done = run(
        "dev-token",
        "private-prison-operator",
        **{var: "http://127.0.0.1:9/x" for var in UPSTREAMS.values()},
    )
    assert done.returncode != 0 and "embedded mode only" in done.stderr


def test_export_schema_prints_a_federation_subgraph():
    done = run("export-schema")
    assert done.returncode == 0, done.stderr
    assert 'type Person implements Node @key(fields: "hmppsId")' in done.stdout
    # The argument carries its description, so the SDL spreads it over lines.
    assert re.search(r'person\(\s*"""[^"]+"""\s*hmppsId: ID!\s*\): Person', done.stdout), done.stdout[:2000]


def test_a_reader_that_closes_early_ends_export_schema_quietly():
    """`person-graph export-schema | head`: no BrokenPipeError traceback when the reader stops reading."""
    clean = {k: v for k, v in os.environ.items() if not k.endswith("_URL")}
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "export-schema"],
        cwd=ROOT,
        env=clean,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before the schema is printed: every write then meets a closed pipe
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert stderr == ""


def test_export_schema_into_head():
    done = subprocess.run(
        f"{sys.executable} -m cli export-schema | head -n 1",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and done.stdout.strip() and done.stderr == ""


def test_every_worker_logs_requests_and_the_audit(tmp_path):
    """With --workers, other processes serve the requests: their access log and audit reach stderr too."""
    import httpx

    from tests.e2e.servers import free_port, stop

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.endswith("_URL") and k != "LOG_LEVEL"}
    log = (tmp_path / "stderr").open("w+b")
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "serve", "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env={**env, "SIMULATOR_SIZE": "300"},
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        for _ in range(150):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        document = '{ person(hmppsId: "A1234BC") { hmppsId } }'
        answer = httpx.post(f"http://127.0.0.1:{port}/graphql", json={"query": document}, timeout=30).json()
        assert answer == {"data": {"person": {"hmppsId": "X123456"}}}
    finally:
        stop(process)
    log.seek(0)
    stderr = log.read().decode()
    assert "person_graph.access POST /graphql 200 " in stderr, stderr[-2000:]
    assert "person_graph.audit " in stderr and '"crn":"X123456"' in stderr
