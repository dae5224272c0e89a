"""ProtectedCharacteristics.reasonableAdjustments -> loaders.reference_codes_by_domain (HEALTH_TREAT) then
loaders.reasonable_adjustments_by_booking_types -> upstream/prison_api.py -> simulator/prison_api.py.

As the Integration API reads them (PrisonApiGateway.getReasonableAdjustments): the booking's adjustments of
every treatment type NOMIS knows.
"""

from __future__ import annotations

from strawberry.types import Info

from resolvers.context import Context
from schema.reasonable_adjustments import ReasonableAdjustment
from upstream import prison_api

TREATMENT_DOMAIN = "HEALTH_TREAT"  # the NOMIS reference domain of treatment (adjustment) types


def to_reasonable_adjustment(a: prison_api.ReasonableAdjustment) -> ReasonableAdjustment:
    return ReasonableAdjustment(
        treatmentCode=a.treatmentCode,
        commentText=a.commentText,
        startDate=a.startDate,
        endDate=a.endDate,
        treatmentDescription=a.treatmentDescription,
    )


async def reasonable_adjustments(info: Info[Context, None], booking_id: int | None) -> list[ReasonableAdjustment]:
    if booking_id is None:  # never booked into prison: NOMIS holds none
        return []
    loaders = info.context.loaders
    types = await loaders.reference_codes_by_domain.load(TREATMENT_DOMAIN)
    if not types:
        return []
    found = await loaders.reasonable_adjustments_by_booking_types.load(
        (booking_id, tuple(sorted(t.code for t in types)))
    )
    return [to_reasonable_adjustment(a) for a in found or []]
