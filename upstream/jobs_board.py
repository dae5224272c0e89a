"""Jobs board (HMPPS Education, Skills and Work): a prisoner's expression of interest in a job.

The Integration API does not call a REST endpoint for this: it publishes a message that the jobs
board integration service turns into the jobs board API's `PUT /jobs/{jobId}/expressions-of-interest/
{prisonNumber}`. No published OpenAPI document for it was provided: specs/upstream/jobs-board.json
is the project's own model of that endpoint (its README says from what).
"""

from __future__ import annotations

from datetime import datetime

from upstream.base import UpstreamClient, UpstreamModel, path_segment


class ExpressionOfInterest(UpstreamModel):
    jobId: str
    prisonNumber: str
    createdAt: datetime


class JobsBoardClient(UpstreamClient):
    async def express_interest(self, job_id: str, prison_number: str) -> ExpressionOfInterest | None:
        """One plain PUT, never retried (another engineer's retries are for idempotent reads only);
        registering the same interest twice is harmless upstream. None: the job does not exist."""
        return await self.put(
            f"/jobs/{path_segment(job_id)}/expressions-of-interest/{path_segment(prison_number)}",
            None,
            ExpressionOfInterest,
        )
