"""Runs every shell example of README.md and docs/*.md for real, each document's blocks in order.

Which blocks are examples is the rule in tests/doc_examples.py. Commands run with bash from the
repository root, on free ports instead of the documented 8000 (the graph) and 9090 (the simulator):
- `person-graph simulator ...` and `person-graph serve ...` start a server in the background (as in a
  terminal of their own) and wait until it is healthy; they stay up for the document's later blocks;
- `NAME=value` lines are kept for the commands after them, as a shell would;
- a command that calls the graph (127.0.0.1:8000) when the document started no graph gets one on the
  embedded default, as `scripts/serve` starts it;
- any other command must exit 0; a curl to /graphql must answer JSON with data and no errors (errors
  if the block is marked `<!-- example: error -->`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.doc_examples import DOCUMENTS, ROOT, Block, blocks
from tests.e2e.servers import free_port, stderr_of, stop

GRAPH_PORT, SIMULATOR_PORT = "8000", "9090"
SERVER = re.compile(r"\bperson-graph\s+(simulator|serve)\b")
ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*=(\$\(.*\)|\S*)$")
BIN = Path(sys.executable).parent


def shell_blocks(document: Path) -> list[Block]:
    return [b for b in blocks(document) if b.language in ("sh", "bash") and b.is_example]


DOCS = [d for d in DOCUMENTS if shell_blocks(d)]


def commands(body: str) -> list[str]:
    """One command per line, continuation lines joined; comment lines dropped."""
    joined = re.sub(r"\\\n\s*", " ", body)
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]


class Session:
    """One document's shell: its variables and the servers its commands started, by port."""

    def __init__(self) -> None:
        self.ports = {GRAPH_PORT: str(free_port()), SIMULATOR_PORT: str(free_port())}
        self.assignments: list[str] = []
        self.servers: dict[str, subprocess.Popen] = {}
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.endswith("_URL") and not k.startswith("HMPPS_AUTH") and k not in ("PORT", "HOST")
        }
        self.env.update(PATH=f"{BIN}{os.pathsep}{self.env.get('PATH', '')}", LOG_LEVEL="warning")
        self.env["PORT"] = self.ports[GRAPH_PORT]  # `person-graph serve` with no --port

    def rewrite(self, command: str) -> str:
        command = command.replace(".venv/bin/", f"{BIN}/")
        for documented, real in self.ports.items():
            command = re.sub(rf"(127\.0\.0\.1:|localhost:|--port ){documented}\b", rf"\g<1>{real}", command)
        return command

    def script(self, command: str) -> str:
        return "\n".join(["set -eo pipefail", *self.assignments, command])

    def run(self, block: Block, command: str) -> None:
        command = self.rewrite(command)
        if ASSIGNMENT.match(command):
            self.assignments.append(command)
            return
        server = SERVER.search(command)
        if server:
            self.start(server.group(1), command.removesuffix("&").strip())
            return
        if f"127.0.0.1:{self.ports[GRAPH_PORT]}" in command and self.ports[GRAPH_PORT] not in self.servers:
            self.start("serve", f"person-graph serve --port {self.ports[GRAPH_PORT]}")
        if command.startswith("curl") and shutil.which("curl") is None:
            pytest.skip("no curl on this machine (Debian package `curl`): the documents' curl examples are not run")
        done = subprocess.run(
            ["bash", "-c", self.script(command)], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, f"{block.id}: `{command}` exited {done.returncode}: {done.stderr[-2000:]}"
        if command.startswith("curl") and "/graphql" in command:
            answer = json.loads(done.stdout)
            if block.mark == "error":
                assert answer.get("errors"), f"{block.id}: marked as showing an error, but: {answer}"
            else:
                assert "errors" not in answer and answer.get("data"), f"{block.id}: {answer}"
                assert all(value is not None for value in answer["data"].values()), f"{block.id}: {answer}"

    def start(self, kind: str, command: str) -> None:
        port = re.search(r"--port (\d+)", command)
        port_number = port.group(1) if port else self.ports[GRAPH_PORT if kind == "serve" else SIMULATOR_PORT]
        if port_number in self.servers:  # the same server again, perhaps with other options: restart it
            stop(self.servers.pop(port_number))
        log = tempfile.TemporaryFile()
        process = subprocess.Popen(
            ["bash", "-c", self.script(f"exec {command}")],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        process.log = log  # type: ignore[attr-defined]
        self.servers[port_number] = process
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port_number}/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"`{command}` did not become healthy; its stderr:\n{stderr_of(process)}")
            time.sleep(0.2)

    def close(self) -> None:
        for process in self.servers.values():
            stop(process)


@pytest.fixture
def session() -> Iterator[Session]:
    shell = Session()
    try:
        yield shell
    finally:
        shell.close()


@pytest.mark.parametrize("document", DOCS, ids=[str(d.relative_to(ROOT)) for d in DOCS])
def test_shell_examples(document: Path, session: Session):
    for block in shell_blocks(document):
        for command in commands(block.body):
            session.run(block, command)
