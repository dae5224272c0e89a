"""The standalone simulator and the graph as real processes on free ports, as they are deployed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from settings import UPSTREAMS
from simulator.auth import ISSUER

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(
    args: list[str], env: dict[str, str], health_url: str, timeout: float = 30.0, log_level: str = "warning"
) -> subprocess.Popen:
    """Starts `person-graph <args>` and waits (bounded) for its health URL; fails with its stderr if it does not come up.

    stderr goes to a temporary file, not a pipe: a pipe nobody reads fills up (64 KiB of log lines) and then
    blocks the server mid-request, which would hang the suite.
    """
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "--log-level", log_level, *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    process.log = log  # type: ignore[attr-defined]
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(health_url, timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            exited = process.returncode is not None
            why = f"exited with {process.returncode}" if exited else f"not healthy after {timeout:.0f}s"
            stop(process)
            raise RuntimeError(f"person-graph {args[0]} did not start ({why}); its stderr:\n{stderr_of(process)}")
        time.sleep(0.2)


def stderr_of(process: subprocess.Popen, limit: int = 4000) -> str:
    log = getattr(process, "log", None)
    if log is None or log.closed:
        return ""
    log.seek(0)
    return log.read().decode(errors="replace")[-limit:]


def stop(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL after 10 s; always reaped, never waits unbounded."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@dataclass
class Deployment:
    simulator_url: str
    graph_url: str

    def token(self, client_id: str) -> str:
        """A client-credentials token from the simulator's HMPPS Auth stand-in."""
        response = httpx.post(
            f"{self.simulator_url}/hmpps-auth/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(client_id, "secret"),
            timeout=5,
        )
        response.raise_for_status()
        return response.json()["access_token"]

    def admin(self, method: str, path: str, json: object | None = None) -> httpx.Response:
        response = httpx.request(method, f"{self.simulator_url}/__admin{path}", json=json, timeout=5)
        response.raise_for_status()
        return response


def graph_environment(simulator_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_URL")}
    env.update({var: f"{simulator_url}/{name}" for name, var in UPSTREAMS.items()})
    env.update(
        {
            "HMPPS_AUTH_URL": f"{simulator_url}/hmpps-auth",
            "HMPPS_AUTH_ISSUER": ISSUER,
            "CONSUMERS_FILE": str(ROOT / "consumers.example.yml"),
            **extra,  # may replace any of the above
        }
    )
    return env
