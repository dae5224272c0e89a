"""Jobs board (Education, Skills and Work): the jobs on the board and prisoners' expressions of interest.

Modelled on the seed's contract (PUT /v1/persons/{hmppsId}/expression-of-interest/jobs/{jobid}) and the
jobs board API's `PUT /jobs/{jobId}/expressions-of-interest/{prisonNumber}` (specs/upstream/README.md
says why there is no OpenAPI document): 201 when the interest is new, 200 when it was already
registered (with the interest: job, prisoner, when), 404 for a job the board does not have, 400 for
a malformed id. The project's own OpenAPI model of it: specs/upstream/jobs-board.json.
"""

from __future__ import annotations

import re
import threading
import uuid
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator.controls import Simulated, error_body, json_response
from simulator.population import Population

SERVICE = "jobs-board"
JOB_COUNT = 40
PRISON_NUMBER = re.compile(r"[A-Z][0-9]{4}[A-Z]{2}", re.ASCII)


def job_ids(count: int = JOB_COUNT) -> list[str]:
    """The board's jobs: UUIDs derived from their position, the same in every population.
    The first, `job_ids()[0]`, is the well-known job of the docs."""
    return [str(uuid.uuid5(uuid.NAMESPACE_URL, f"person-graph-simulator/jobs/{n}")) for n in range(count)]


def routes(pop: Population, sim: Simulated) -> list[Route]:
    jobs = set(job_ids())
    interests: dict[tuple[str, str], str] = {}  # (job, prisoner) -> when registered
    lock = threading.Lock()

    async def express_interest(request: Request) -> Response:
        job_id, number = request.path_params["jobId"], request.path_params["prisonNumber"]
        try:
            job_id = str(uuid.UUID(job_id))
        except ValueError:
            return error_body(400, "jobId must be a UUID", SERVICE)
        if PRISON_NUMBER.fullmatch(number) is None:
            return error_body(400, "prisonNumber must be a NOMIS prisoner number", SERVICE)
        if job_id not in jobs:
            return error_body(404, f"Job not found: {job_id}", SERVICE)
        with lock:
            created = interests.get((job_id, number))
            new = created is None
            if created is None:
                created = interests[(job_id, number)] = datetime.now(UTC).isoformat(timespec="seconds")
        return json_response({"jobId": job_id, "prisonNumber": number, "createdAt": created}, 201 if new else 200)

    return [sim.endpoint(SERVICE, "PUT", "/jobs/{jobId}/expressions-of-interest/{prisonNumber}", express_interest)]
