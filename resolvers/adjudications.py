"""Person.reportedAdjudications -> loaders.reported_adjudications_by_prisoner_number ->
upstream/adjudications.py -> simulator/adjudications.py"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers.context import Context
from resolvers.identity import PersonPart
from resolvers.pagination import check_page, paginate
from schema import adjudications as types
from schema.pagination import Page
from schema.permissions import PrisonFiltered
from upstream import adjudications as upstream


def _rule(r: upstream.OffenceRule | None) -> types.OffenceRuleDto | None:
    return (
        types.OffenceRuleDto(paragraphNumber=r.paragraphNumber, paragraphDescription=r.paragraphDescription)
        if r
        else None
    )


def _hearing(h: upstream.Hearing | None) -> types.HearingDto | None:
    if h is None:
        return None
    o = h.outcome
    return types.HearingDto(
        dateTimeOfHearing=h.dateTimeOfHearing,
        oicHearingType=h.oicHearingType,
        outcome=types.HearingOutcomeDto(code=o.code, reason=o.reason, details=o.details, plea=o.plea) if o else None,
    )


def _outcome(o: upstream.Outcome | None) -> types.OutcomeDto | None:
    if o is None:
        return None
    return types.OutcomeDto(
        code=o.code, details=o.details, reason=o.reason, quashedReason=o.quashedReason, canRemove=o.canRemove
    )


def to_adjudication(a: upstream.ReportedAdjudication) -> types.Adjudication:
    """As the Integration API's AdjudicationResponse.toAdjudication(): the same fields, the same names."""
    return types.Adjudication(
        incidentDetails=types.IncidentDetailsDto(dateTimeOfIncident=a.incidentDetails.dateTimeOfIncident),
        isYouthOffender=a.isYouthOffender,
        incidentRole=types.IncidentRoleDto(
            roleCode=a.incidentRole.roleCode, offenceRule=_rule(a.incidentRole.offenceRule)
        ),
        offenceDetails=types.OffenceDto(
            offenceCode=a.offenceDetails.offenceCode, offenceRule=_rule(a.offenceDetails.offenceRule)
        ),
        status=a.status,
        statusReason=a.statusReason,
        statusDetails=a.statusDetails,
        hearings=[h for h in (_hearing(x) for x in a.hearings) if h is not None],
        outcomes=[
            types.OutcomeHistoryDto(
                hearing=_hearing(x.hearing),
                outcome=types.CombinedOutcomeDto(
                    outcome=_outcome(x.outcome.outcome), referralOutcome=_outcome(x.outcome.referralOutcome)
                )
                if x.outcome
                else None,
            )
            for x in a.outcomes
        ],
        punishments=[
            types.PunishmentDto(
                type=p.type,
                privilegeType=p.privilegeType,
                otherPrivilege=p.otherPrivilege,
                schedule=types.PunishmentScheduleDto(
                    days=p.schedule.days,
                    startDate=p.schedule.startDate,
                    endDate=p.schedule.endDate,
                    suspendedUntil=p.schedule.suspendedUntil,
                ),
            )
            for p in a.punishments
        ],
        punishmentComments=[
            types.PunishmentCommentDto(comment=c.comment, reasonForChange=c.reasonForChange, dateTime=c.dateTime)
            for c in a.punishmentComments
        ],
    )


def _incident_time(a: upstream.ReportedAdjudication) -> datetime:
    return a.incidentDetails.dateTimeOfIncident


@strawberry.type
class AdjudicationFields(PersonPart):
    @strawberry.field(
        description="Adjudications reported against the person in prison (Manage Adjudications), newest incident "
        "first. Empty for someone NOMIS does not know.",
        extensions=[PrisonFiltered()],
    )
    async def reportedAdjudications(
        self,
        info: Info[Context, None],
        page: Annotated[int, strawberry.argument(description="Page number, from 1.")] = 1,
        per_page: Annotated[int, strawberry.argument(description="Adjudications per page, 1 to 100.")] = 10,
    ) -> Page[types.Adjudication] | None:
        check_page(page, per_page)
        if self.ref.nomis_number is None:  # probation-only: no prison adjudications
            return paginate([], page, per_page)
        found = await info.context.loaders.reported_adjudications_by_prisoner_number.load(self.ref.nomis_number)
        rows = sorted(found or [], key=_incident_time, reverse=True)
        return paginate([to_adjudication(a) for a in rows], page, per_page)
