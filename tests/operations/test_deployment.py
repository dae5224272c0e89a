"""The Dockerfile and the Helm values agree with the server: its command, port, health paths and settings.

No Docker engine runs here, so the Dockerfile is read, and its command is run for real with its
environment (on a free port): what the container would do, less the container.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import httpx
import yaml

from server import create_app
from settings import Settings
from tests.e2e.servers import free_port, stop
from web.health import LIVENESS_PATH, READINESS_PATH

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
VALUES = yaml.safe_load((ROOT / "helm_deploy" / "hmpps-person-graph" / "values.yaml").read_text())["generic-service"]


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments left out."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    found = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def one(name: str) -> str:
    [value] = [rest for word, rest in instructions() if word == name]
    return value


def environment() -> dict[str, str]:
    env: dict[str, str] = {}
    for word, rest in instructions():
        if word == "ENV":
            for pair in shlex.split(rest):
                key, _, value = pair.partition("=")
                env[key] = value
    return env


def test_base_image_user_and_lock_file():
    assert one("FROM") == "python:3.11-slim"
    assert one("USER") not in ("root", "0")
    runs = [rest for word, rest in instructions() if word == "RUN"]
    assert any("--require-hashes -r requirements.lock" in run for run in runs)


def test_port_agrees_everywhere():
    port = int(environment()["PORT"])
    assert int(one("EXPOSE")) == port == VALUES["image"]["port"]
    assert int(VALUES["env"]["METRICS_PORT"]) != port  # metrics off the public port


def test_health_paths_are_the_servers_probe_routes(simulator):
    healthcheck = one("HEALTHCHECK")
    assert "/health/liveness'" in healthcheck and LIVENESS_PATH == "/health/liveness"
    assert VALUES["livenessProbe"]["httpGet"]["path"] == LIVENESS_PATH
    assert VALUES["readinessProbe"]["httpGet"]["path"] == READINESS_PATH
    routes = {getattr(route, "path", None) for route in create_app(Settings(), embedded_simulator=simulator).routes}
    assert {LIVENESS_PATH, READINESS_PATH} <= routes


def test_helm_values_settings_are_the_servers():
    assert VALUES["replicaCount"] >= 2
    secrets = {var for entries in VALUES["namespace_secrets"].values() for var in entries}
    assert {"CLIENT_ID", "CLIENT_SECRET"} <= secrets and "CLIENT_SECRET" not in VALUES["env"]
    assert VALUES["resources"]["requests"] and VALUES["resources"]["limits"]
    # Every variable the values set is one the server reads (a typo would be silently ignored).
    sources = "".join(p.read_text() for p in [ROOT / "settings.py", ROOT / "cli.py", *ROOT.glob("telemetry/*.py")])
    for name in VALUES["env"]:
        if name.startswith("OTEL_"):
            continue  # read by the OpenTelemetry SDK itself
        assert f'"{name}"' in sources, f"{name} in values.yaml is read by nothing"
    env = {**os.environ, **{k: str(v) for k, v in VALUES["env"].items()}, "CONSUMERS_FILE": "consumers.example.yml"}
    settings = subprocess.run(
        [
            sys.executable,
            "-c",
            "from settings import Settings; s = Settings.from_env(); "
            "print(s.metrics_port, s.shutdown_drain_seconds + s.shutdown_grace_seconds)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.split()
    assert int(settings[0]) == int(VALUES["env"]["METRICS_PORT"])
    assert float(settings[1]) < 30  # within Kubernetes' default termination grace period


def test_the_containers_command_serves_its_health_check_with_the_containers_environment():
    command = json.loads(one("CMD"))
    assert command == ["person-graph", "serve"]
    port = free_port()
    image_env = environment()
    env = {k: v for k, v in os.environ.items() if not k.endswith("_URL") and k != "PROMETHEUS_MULTIPROC_DIR"}
    env.update({k: v for k, v in image_env.items() if k not in ("PATH",)})
    env.update(PORT=str(port), HOST="127.0.0.1", SIMULATOR_SIZE="300")  # a free port, and not on every interface
    executable = Path(sys.executable).with_name(command[0])
    process = subprocess.Popen(
        [str(executable), *command[1:]], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        healthcheck = json.loads(one("HEALTHCHECK").split(" CMD ", 1)[1])
        for _ in range(600):  # until the server answers; bounded (2 min) to detect a hang
            try:
                httpx.get(f"http://127.0.0.1:{port}{READINESS_PATH}", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None:
                    break
                time.sleep(0.2)
        assert httpx.get(f"http://127.0.0.1:{port}{READINESS_PATH}", timeout=5).status_code == 200
        # The HEALTHCHECK's own command, as Docker would run it inside the container.
        probe = subprocess.run(
            [sys.executable if healthcheck[0] == "python" else healthcheck[0], *healthcheck[1:]],
            env={**env, "PORT": str(port)},
            capture_output=True,
            timeout=30,
        )
        assert probe.returncode == 0, probe.stderr
    finally:
        stop(process)
