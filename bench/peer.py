"""The side-by-side peer: a generic JavaScript gateway over the same upstreams (bench/peer/).

GraphQL Mesh composes the upstream OpenAPI documents (`mesh-compose`, over the repository's copies
in specs/upstream/, cut to the operations used by bench/peer/prepare_specs.py) and Hive Gateway
serves the result with the links a wing list needs (bench/peer/gateway.config.ts). It runs against
the bench's simulator process, measured as the graph is (latency at the client, CPU of its process
tree, the simulator's counters).

What the peer does not do, so the comparison is honest: no consumer authentication or access control
(it forwards the caller's token to the upstreams), no field permissions, prison filters or
limited-access redactions, no audit trail, no query limits, no input validation of identifiers, no
error codes of its own; it answers in the upstreams' shapes (no Integration API model, no date or
sentence-length conversion, no pagination of lists), and filters nothing (the lighter wing list
gets every alert with `isActive`, the graph filters to active ones).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import httpx

from bench.procs import REPO, Started, _running, free_port
from bench.scenarios import Request, Unit

PEER_DIR = REPO / "bench" / "peer"
BIN = PEER_DIR / "node_modules" / ".bin"
STAMP = PEER_DIR / "node_modules" / ".bench-lock-stamp"

_PEER_PRISONER = """prisonerNumber firstName lastName dateOfBirth category csra status prisonId prisonName cellLocation
        locationHierarchy { key code pathHierarchy locationType localName level leafLevel capacity { maxCapacity workingCapacity } }
        alertList { prisonNumber alertCode { alertTypeCode alertTypeDescription code description } createdAt activeTo isActive }
        sentences { sentenceDate sentenceStatus sentenceCategory sentenceTypeDescription fineAmount
          terms { years months weeks days } }
        contacts { contactId firstName lastName dateOfBirth street postcode phoneNumber
          relationshipToPrisonerCode relationshipToPrisonerDescription isApprovedVisitor isNextOfKin isEmergencyContact }
        probationCase { otherIds { crn } supervisionDetail { supervisions { number active date } } }"""

# The same selection as S2 in the upstreams' shapes: prisoner, cell and its parents, alerts,
# sentences, contacts, and the probation case's supervisions.
PEER_S2_QUERY = f"""query PeerWingList($prisonId: String!, $size: PositiveInt) {{
  search(prisonId: $prisonId, size: $size) {{
    ... on PrisonerSearch_PagePrisoner {{
      content {{
        {_PEER_PRISONER}
      }}
      totalElements totalPages number size
    }}
  }}
}}"""

PEER_S2_LIGHT_QUERY = """query PeerLightWingList($prisonId: String!, $size: PositiveInt) {
  search(prisonId: $prisonId, size: $size) {
    ... on PrisonerSearch_PagePrisoner {
      content {
        prisonerNumber firstName lastName cellLocation
        locationHierarchy { key locationType }
        alertList { alertCode { code description } createdAt isActive }
      }
    }
  }
}"""


def unavailable() -> str | None:
    """Why the peer cannot run here, or None."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return "node and npm are not installed"
    return None


def install(log) -> None:
    """`npm ci` from bench/peer/package-lock.json, once per lock file."""
    lock = (PEER_DIR / "package-lock.json").read_bytes()
    import hashlib

    digest = hashlib.sha256(lock).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    log("peer: npm ci (bench/peer/package-lock.json)")
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel", "error"], cwd=PEER_DIR, check=True, timeout=900
    )
    STAMP.write_text(digest)


def compose(simulator_url: str, log_dir: Path) -> None:
    """The cut specs, then the Mesh supergraph pointing at `simulator_url`."""
    subprocess.run(
        [str(REPO / ".venv" / "bin" / "python"), str(PEER_DIR / "prepare_specs.py")], cwd=PEER_DIR, check=True
    )
    with (log_dir / "peer-compose.log").open("w") as out:
        subprocess.run(
            [str(BIN / "mesh-compose"), "-o", "build/supergraph.graphql"],
            cwd=PEER_DIR,
            env={**os.environ, "PEER_UPSTREAM_BASE_URL": simulator_url},
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
            timeout=600,
        )


def start(log_dir: Path, token: str, timeout: float = 180.0) -> Started:
    """Hive Gateway on a free port, waited for until it answers a query."""
    port = free_port()
    log_path = log_dir / "peer.log"
    with log_path.open("w") as out:
        process = subprocess.Popen(
            [str(BIN / "hive-gateway"), "supergraph", "--port", str(port), "--host", "127.0.0.1"],
            cwd=PEER_DIR,
            env={**os.environ, "NODE_ENV": "production", "LOG_LEVEL": "warn"},
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    started = Started(name="peer", process=process, url=f"http://127.0.0.1:{port}", log_path=log_path)
    _running.append(started)
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=5.0) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the peer exited with {process.returncode}:\n{started.log_tail()}")
            try:
                answer = client.post(
                    f"{started.url}/graphql",
                    json={"query": "{ __typename }"},
                    headers={"authorization": f"Bearer {token}"},
                )
                if answer.status_code == 200:
                    return started
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
    started.stop()
    raise RuntimeError(f"the peer did not answer within {timeout:.0f} s:\n{started.log_tail()}")


def workloads(population, per_pages: tuple[int, ...], s2_page, minimum_s2, minimum_s2_light) -> dict[str, list[Unit]]:
    """The peer's units, with the same minimums as the graph's (by endpoint)."""
    out: dict[str, list[Unit]] = {}
    for n in per_pages:
        page = s2_page(population, n, 1)
        out[f"S2({n})"] = [
            Unit([Request(PEER_S2_QUERY, {"prisonId": "MDI", "size": n}, minimum_s2(page), key=f"peer S2 {n}")])
        ]
    page = s2_page(population, 100, 1)
    out["S2 light(100)"] = [
        Unit([Request(PEER_S2_LIGHT_QUERY, {"prisonId": "MDI", "size": 100}, minimum_s2_light(page), key="peer light")])
    ]
    return out
