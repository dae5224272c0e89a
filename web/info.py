"""/info: what is running (version, git commit, build time), from variables set when the image is built.

The Dockerfile turns its build arguments BUILD_NUMBER, GIT_REF, GIT_BRANCH and BUILD_TIME into these
environment variables; outside an image the version falls back to the package's, the commit to the
checkout's HEAD when git can read it, and the rest to "unknown".
"""

from __future__ import annotations

import functools
import os
import subprocess
from importlib import metadata
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

INFO_PATH = "/info"
ROOT = Path(__file__).resolve().parents[1]
UNKNOWN = "unknown"


def _package_version() -> str:
    try:
        return metadata.version("hmpps-person-graph")
    except metadata.PackageNotFoundError:
        return UNKNOWN


def _git_head() -> str:
    try:
        found = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=5, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return UNKNOWN
    return found.stdout.strip() or UNKNOWN


@functools.cache
def build_info() -> dict[str, object]:
    """Read once per process: the answer cannot change while it runs."""
    return {
        "build": {
            "name": "hmpps-person-graph",
            "version": os.environ.get("BUILD_NUMBER") or _package_version(),
            "time": os.environ.get("BUILD_TIME") or UNKNOWN,
        },
        "git": {
            "branch": os.environ.get("GIT_BRANCH") or UNKNOWN,
            "commit": {"id": os.environ.get("GIT_REF") or _git_head()},
        },
    }


async def info(request: Request) -> JSONResponse:
    return JSONResponse(build_info())


def info_routes() -> list[Route]:
    return [Route(INFO_PATH, info, methods=["GET"])]
