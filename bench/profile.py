"""Sampling the graph server with py-spy while a workload runs, and summarising the hotspots.

Optional: used when `py-spy` is installed (`pip install py-spy`) and the harness may ptrace the
server (root, or ptrace_scope 0). Idle samples are dropped, so the shares are of CPU time.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")


def py_spy() -> str | None:
    local = Path(sys.executable).parent / "py-spy"
    return str(local) if local.exists() else shutil.which("py-spy")


def start(pid: int, seconds: float, out: Path, rate: int = 100) -> subprocess.Popen | None:
    exe = py_spy()
    if exe is None:
        return None
    return subprocess.Popen(
        [
            exe,
            "record",
            "--pid",
            str(pid),
            "--duration",
            str(int(seconds)),
            "--rate",
            str(rate),
            "--format",
            "raw",
            "--output",
            str(out),
            "--subprocesses",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )


def _short(frame: str, repo: Path) -> str:
    m = _FRAME.match(frame.strip())
    if not m:
        return frame.strip()
    path = m.group("file")
    for marker in ("site-packages/", str(repo) + "/", "lib/python3.11/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{m.group('func')} ({path})"


# Stages of a request, by a frame that marks them: the share of samples with that frame on the stack.
STAGES = [
    ("request validation (graphql validate_document)", ("validate_document (",)),
    ("query parsing (graphql parse)", ("parse (graphql/language/parser.py",)),
    ("authentication (bearer token)", ("Authenticator.consumer",)),
    ("GraphQL execution (any graphql-core executor frame)", ("graphql/execution/",)),
    ("upstream requests (UpstreamClient._call)", ("UpstreamClient._call",)),
    ("upstream JSON parsing (pydantic validate_json)", ("validate_json (",)),
    ("response encoding (JSON)", ("encode_json", "orjson", "json/encoder.py")),
    ("audit trail", ("AuditTrail.", "WriteAudit.", "LogAuditSink")),
]


def summarise(raw: Path, repo: Path, top: int = 15) -> dict:
    """Top functions by own (self) samples and by inclusive samples, as shares of all samples; and
    shares by area (the graph's own packages, strawberry/graphql-core, httpx/httpcore, pydantic ...)."""
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    areas: Counter[str] = Counter()
    stages: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = [f for f in stack.split(";") if f]
        if not frames:
            continue
        total += n
        names = [_short(f, repo) for f in frames]
        own[names[-1]] += n
        for name in set(names):
            inclusive[name] += n
        areas[_area(frames[-1], repo)] += n
        for stage, markers in STAGES:
            if any(marker in frame for frame in frames for marker in markers):
                stages[stage] += n
    if not total:
        return {"samples": 0}

    def share(counter: Counter[str], n: int = top) -> list[dict]:
        return [{"function": k, "percent": round(100 * v / total, 1)} for k, v in counter.most_common(n)]

    # The inclusive list starts with the frames every sample has (process, uvicorn, event loop): keep more.
    return {
        "samples": total,
        "self": share(own),
        "inclusive": share(inclusive, top + 15),
        "byArea": [{"area": k, "percent": round(100 * v / total, 1)} for k, v in areas.most_common()],
        "byStage": [{"stage": k, "percent": round(100 * stages[k] / total, 1)} for k, _ in STAGES],
    }


AREAS = [
    ("graphql/validation", "graphql-core (validation)"),
    ("graphql/language/visitor", "graphql-core (validation)"),
    ("graphql/utilities/type_info", "graphql-core (validation)"),
    ("graphql/", "graphql-core (execution)"),
    ("aiohttp", "aiohttp (upstream transport)"),
    ("multidict", "aiohttp (upstream transport)"),
    ("yarl/", "aiohttp (upstream transport)"),
    ("strawberry/", "strawberry"),
    ("httpcore/", "httpx/httpcore (client)"),
    ("httpx/", "httpx/httpcore (client)"),
    ("pydantic", "pydantic (upstream parsing)"),
    ("aiodataloader", "aiodataloader"),
    ("uvicorn/", "uvicorn/httptools (server)"),
    ("starlette/", "starlette"),
    ("uvloop", "uvloop/asyncio"),
    ("asyncio/", "uvloop/asyncio"),
    ("jwt/", "pyjwt/cryptography"),
    ("cryptography/", "pyjwt/cryptography"),
    ("json/", "stdlib json"),
    ("logging/", "logging"),
    ("anyio/", "anyio"),
]


GRAPH_PACKAGES = ("schema", "resolvers", "loaders", "upstream", "simulator", "access")


def _graph_modules(repo: Path) -> dict[str, set[str]]:
    """Basename -> the graph's packages holding a module of that name (py-spy may print bare file names)."""
    index: dict[str, set[str]] = {}
    for package in GRAPH_PACKAGES:
        for file in (repo / package).glob("*.py"):
            index.setdefault(file.name, set()).add(package)
    for file in repo.glob("*.py"):
        index.setdefault(file.name, set()).add(file.stem)
    return index


def _area(frame: str, repo: Path) -> str:
    m = _FRAME.match(frame.strip())
    path = m.group("file") if m else frame
    for needle, area in AREAS:
        if needle in path:
            return area
    if str(repo) in path:
        path = path.split(str(repo) + "/", 1)[1]
    first = path.split("/", 1)[0]
    if "/" in path and first in GRAPH_PACKAGES:
        return f"graph: {first}/"
    packages = _graph_modules(repo).get(path)
    if packages:
        if len(packages) > 1:
            return "graph: a module name several packages share"
        (package,) = packages
        return f"graph: {package}" + ("" if package == path.removesuffix(".py") else "/")
    return "other (stdlib/native)"
