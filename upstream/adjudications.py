"""Manage Adjudications (hmpps-manage-adjudications-api): a prisoner's reported adjudications."""

from __future__ import annotations

from datetime import date, datetime

from upstream.base import UpstreamClient, UpstreamModel, path_segment


class IncidentDetails(UpstreamModel):
    dateTimeOfIncident: datetime
    dateTimeOfDiscovery: datetime | None = None


class OffenceRule(UpstreamModel):
    paragraphNumber: str
    paragraphDescription: str


class IncidentRole(UpstreamModel):
    roleCode: str | None = None
    offenceRule: OffenceRule | None = None


class Offence(UpstreamModel):
    offenceCode: int
    offenceRule: OffenceRule


class HearingOutcome(UpstreamModel):
    code: str
    reason: str | None = None
    details: str | None = None
    plea: str | None = None


class Hearing(UpstreamModel):
    dateTimeOfHearing: datetime
    oicHearingType: str
    outcome: HearingOutcome | None = None


class Outcome(UpstreamModel):
    code: str
    details: str | None = None
    reason: str | None = None
    quashedReason: str | None = None
    canRemove: bool


class CombinedOutcome(UpstreamModel):
    outcome: Outcome
    referralOutcome: Outcome | None = None


class OutcomeHistory(UpstreamModel):
    hearing: Hearing | None = None
    outcome: CombinedOutcome | None = None


class PunishmentSchedule(UpstreamModel):
    days: int
    startDate: date | None = None
    endDate: date | None = None
    suspendedUntil: date | None = None


class Punishment(UpstreamModel):
    type: str
    privilegeType: str | None = None
    otherPrivilege: str | None = None
    schedule: PunishmentSchedule


class PunishmentComment(UpstreamModel):
    comment: str
    reasonForChange: str | None = None
    dateTime: datetime | None = None


class ReportedAdjudication(UpstreamModel):
    chargeNumber: str
    prisonerNumber: str
    incidentDetails: IncidentDetails
    isYouthOffender: bool
    incidentRole: IncidentRole
    offenceDetails: Offence
    status: str
    statusReason: str | None = None
    statusDetails: str | None = None
    hearings: list[Hearing] = []
    outcomes: list[OutcomeHistory] = []
    punishments: list[Punishment] = []
    punishmentComments: list[PunishmentComment] = []


class AdjudicationsClient(UpstreamClient):
    async def reported_adjudications(self, prisoner_number: str) -> list[ReportedAdjudication] | None:
        """Every adjudication reported against the prisoner, on any booking (the service has no batch read)."""
        return await self.get(
            f"/reported-adjudications/prisoner/{path_segment(prisoner_number)}", list[ReportedAdjudication]
        )
