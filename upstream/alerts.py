"""Prisoner Alerts API."""

from __future__ import annotations

from datetime import date, datetime

from upstream.base import UpstreamClient, UpstreamModel


class AlertCode(UpstreamModel):
    alertTypeCode: str
    alertTypeDescription: str
    code: str
    description: str


class Alert(UpstreamModel):
    alertUuid: str
    prisonNumber: str
    alertCode: AlertCode
    description: str | None = None
    activeFrom: date
    activeTo: date | None = None
    isActive: bool
    createdAt: datetime


class AlertList(UpstreamModel):
    content: list[Alert]


class AlertsClient(UpstreamClient):
    async def alerts_by_prison_numbers(self, numbers: list[str]) -> list[Alert]:
        """Active and inactive alerts of many prisoners at once, flat: callers group by prisonNumber."""
        answer = await self.post(
            "/search/alerts/prison-numbers", numbers, AlertList, params={"includeInactive": "true"}, idempotent=True
        )
        return answer.content if answer else []
