"""Manage POM Cases (MPC/MOIC API): who is a prisoner's prison offender manager (POM)."""

from __future__ import annotations

from upstream.base import UpstreamClient, UpstreamModel, path_segment


class PomManager(UpstreamModel):
    code: int | None = None
    forename: str | None = None
    surname: str | None = None


class PomPrison(UpstreamModel):
    code: str | None = None


class PrimaryPom(UpstreamModel):
    manager: PomManager
    prison: PomPrison


class ManagePomClient(UpstreamClient):
    async def primary_pom(self, noms_number: str) -> PrimaryPom | None:
        """The prisoner's primary POM; None (404) when the prisoner has no allocation."""
        return await self.get(f"/api/allocation/{path_segment(noms_number)}/primary_pom", PrimaryPom)
