"""The side-by-side peer: a generic JavaScript gateway over the same upstreams (bench/peer/).

GraphQL Mesh composes the upstream OpenAPI documents (`mesh-compose`, over the repository's copies
in specs/upstream/, cut to the operations used by bench/peer/prepare_specs.py) and Hive Gateway
serves the result with the links a profile and a wing list need (bench/peer/gateway.config.ts). It
runs against the bench's simulator process, measured as the graph is (latency at the client, CPU of
its process tree, the simulator's counters), one request at a time (S1, S2) and under S3's load.
Hive Gateway runs as one Node.js process (`--fork 1`): one JavaScript thread serves every request,
as one event loop thread does in one graph worker.

What the peer does not do, so the comparison is honest: no consumer authentication or access control
(it forwards the caller's token to the upstreams), no field permissions, prison filters or
limited-access redactions (so no limited-access check upstream in S1), no audit trail, no query
limits, no input validation of identifiers, no error codes of its own; it answers in the upstreams'
shapes (no Integration API model, no date or sentence-length conversion, no pagination of lists)
and filters nothing itself (the lighter wing list's active alerts are the alerts service's default,
`includeInactive=false`; the graph asks for all and keeps the active ones).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path

import httpx

from bench.minimum import EP, minimum_s1, minimum_s2, minimum_s2_light
from bench.procs import REPO, Started, _running, free_port
from bench.queries import MAX_PER_PAGE, s1_people, s2_page
from bench.scenarios import Request, Unit
from simulator.population import Person, Population

# What the peer is, as the report says it beside each run's numbers (stored in the results).
DESCRIPTION = (
    "composes the same upstream OpenAPI documents (specs/upstream/, cut to the operations used, with the "
    "contract tests' errata applied and local date-times as strings, as the services send them) with Mesh and "
    "serves them with Hive Gateway as one Node.js process, linked as the queries need: the wing list's prisoner → "
    "alerts by batch, → its cell and the cell's parents by key in one batch, → sentences, → contacts, → probation "
    "case by batch → supervisions; the profile's probation case by CRN → supervisions (MAPPA, dynamic risks, "
    "nDelius sentences), → OASys risk of serious harm and predictor scores, → the prisoner by batch → the wing "
    "list's links, NOMIS's offender record (categories) and future visits"
)

PEER_DIR = REPO / "bench" / "peer"
BIN = PEER_DIR / "node_modules" / ".bin"
STAMP = PEER_DIR / "node_modules" / ".bench-lock-stamp"

_LOCATIONS = "locationHierarchy { key code pathHierarchy locationType localName level leafLevel capacity { maxCapacity workingCapacity } }"
_ALERTS = "alertList(includeInactive: true) { prisonNumber alertCode { alertTypeCode alertTypeDescription code description } createdAt activeTo isActive }"
_SENTENCES = """sentences { sentenceDate sentenceStatus sentenceCategory sentenceTypeDescription fineAmount
          terms { years months weeks days } }"""
_CONTACTS = """contacts { contactId firstName lastName dateOfBirth street postcode phoneNumber
          relationshipToPrisonerCode relationshipToPrisonerDescription isApprovedVisitor isNextOfKin isEmergencyContact }"""

_SUPERVISIONS = "supervisions { number active date sentence { description date length lengthUnits custodial } }"

_PEER_PRISONER = f"""prisonerNumber firstName lastName dateOfBirth category csra status prisonId prisonName cellLocation
        {_LOCATIONS}
        {_ALERTS}
        {_SENTENCES}
        {_CONTACTS}
        probationCase {{ otherIds {{ crn }} supervisionDetail {{ {_SUPERVISIONS} }} }}"""

# The same selection as S2 in the upstreams' shapes: prisoner, cell and its parents, alerts (all, as
# the graph's `alerts` lists), sentences (NOMIS's, and nDelius's in the probation case's supervisions),
# contacts.
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

# The same selection as S1 (bench.queries.S1_QUERY) in the upstreams' shapes, from the probation case
# by CRN: identity and aliases from both records; the prisoner's cell and its parents, alerts,
# sentences (NOMIS's, and nDelius's in the supervisions), contacts, future visits; risks from OASys
# (serious harm, predictor scores), nDelius (MAPPA, dynamic risks) and NOMIS (categories). The
# predictor scores' `output` is a JSON scalar in the composed schema (OASys documents it as either
# of two versioned shapes), so the peer answers the whole output where the graph picks four levels.
PEER_S1_QUERY = f"""query PeerProfile($crn: String!) {{
  findByIds(input: [$crn]) {{
    otherIds {{ crn nomsNumber croNumber pncNumber }}
    firstName middleNames surname dateOfBirth gender
    offenderProfile {{ ethnicity }}
    offenderAliases {{ firstName surname dateOfBirth }}
    roshRisks {{
      assessedOn
      riskToSelf {{ suicide {{ risk current }} selfHarm {{ risk current }} custody {{ risk current }} }}
      otherRisks {{ escapeOrAbscond controlIssuesDisruptiveBehaviour breachOfTrust riskToOtherPrisoners }}
      summary {{ whoIsAtRisk natureOfRisk riskImminence overallRiskLevel }}
    }}
    predictorScores {{ completedDate status outputVersion output }}
    supervisionDetail {{
      mappaDetail {{ level levelDescription category categoryDescription startDate reviewDate }}
      dynamicRisks {{ code description startDate reviewDate }}
      {_SUPERVISIONS}
    }}
    prisoner {{
      prisonerNumber firstName middleNames lastName dateOfBirth gender ethnicity pncNumber croNumber
      category csra receptionDate status prisonId prisonName cellLocation
      aliases {{ firstName lastName dateOfBirth }}
      {_LOCATIONS}
      {_ALERTS}
      {_SENTENCES}
      offender {{ offenderNo category categoryCode
        assessments {{ classificationCode assessmentCode assessmentDate nextReviewDate }} }}
      futureVisits {{ reference prisonId visitRoom visitType visitStatus visitRestriction startTimestamp endTimestamp
        visitContact {{ name telephone }} visitors {{ nomisPersonId visitContact }} }}
      {_CONTACTS}
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
            [str(BIN / "hive-gateway"), "--fork", "1", "supergraph", "--port", str(port), "--host", "127.0.0.1"],
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


def minimum_peer_s1(person: Person) -> Counter[str]:
    """S1's minimum less the limited-access check, which only an access policy makes."""
    need = minimum_s1(person)
    del need[EP["access"]]
    return need


def workloads(population: Population, s1_count: int = 20) -> dict[str, list[Unit]]:
    """The peer's units: the graph's S1 people (bench.queries.s1_people) and S2 pages, with the graph's
    minimums by endpoint (S1's less the access check)."""
    out: dict[str, list[Unit]] = {
        "S1": [
            Unit([Request(PEER_S1_QUERY, {"crn": p.crn}, minimum_peer_s1(p), key=f"peer S1 {p.crn}")])
            for p in s1_people(population, s1_count)
        ]
    }
    for n in (10, MAX_PER_PAGE):
        page = s2_page(population, n, 1)
        out[f"S2({n})"] = [
            Unit([Request(PEER_S2_QUERY, {"prisonId": "MDI", "size": n}, minimum_s2(page), key=f"peer S2 {n}")])
        ]
    page = s2_page(population, MAX_PER_PAGE, 1)
    out["S2 light(100)"] = [
        Unit([Request(PEER_S2_LIGHT_QUERY, {"prisonId": "MDI", "size": 100}, minimum_s2_light(page), key="peer light")])
    ]
    return out
