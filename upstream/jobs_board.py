"""Jobs board (HMPPS Education, Skills and Work): a prisoner's expression of interest in a job.

The Integration API does not call a REST endpoint for this: it publishes a message that the jobs
board integration service turns into the jobs board API's `PUT /jobs/{jobId}/expressions-of-interest/
{prisonNumber}`. No OpenAPI document for it is in specs/upstream (see its README): the path and the
answers here follow the seed's contract and that service's endpoint as described there.
"""

from __future__ import annotations

from upstream.base import Accepted, UpstreamClient, path_segment


class JobsBoardClient(UpstreamClient):
    async def express_interest(self, job_id: str, prison_number: str) -> Accepted | None:
        """One plain PUT, never retried (another engineer's retries are for idempotent reads only);
        registering the same interest twice is harmless upstream. None: the job does not exist."""
        return await self.put(
            f"/jobs/{path_segment(job_id)}/expressions-of-interest/{path_segment(prison_number)}", None, Accepted
        )
