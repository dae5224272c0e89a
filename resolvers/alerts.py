"""Person.alerts -> loaders.alerts_by_prisoner_number -> upstream/alerts.py -> simulator/alerts.py"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers.context import Context
from resolvers.identity import HasPersonRef, PersonPart
from resolvers.pagination import check_page, paginate
from schema.alerts import Alert
from schema.pagination import Page, PageNumber, PerPage
from schema.permissions import PrisonFiltered
from upstream.alerts import Alert as UpstreamAlert

# The alert codes the Police National Database receives: the Integration API's PND alert endpoints
# (GET /v1/persons/{id}/alerts/pnd and GET /v1/pnd/persons/{id}/alerts) answered only these. The seed
# does not list them; this is the list hmpps-integration-api held in PAPaginatedAlerts.PND_ALERT_CODES
# (checked code for code), before it moved alert codes to each consumer's alertCodes filter.
PND_ALERT_CODES: frozenset[str] = frozenset(
    {
        "BECTER", "HA", "XA", "XCA", "XEL", "XELH", "XER", "XHT", "XILLENT", "XIS", "XR", "XRF", "XSA", "HA2",
        "RCS", "RDV", "RKC", "RPB", "RPC", "RSS", "RST", "RDP", "REG", "RLG", "ROP", "RRV", "RTP", "RYP", "HS", "SC",
    }
)  # fmt: skip


def to_alert(a: UpstreamAlert, today: date) -> Alert:
    return Alert(
        offenderNo=a.prisonNumber,
        type=a.alertCode.alertTypeCode,
        typeDescription=a.alertCode.alertTypeDescription,
        code=a.alertCode.code,
        codeDescription=a.alertCode.description,
        comment=a.description,
        # The Integration API gives the date the alert applies from, not the date it was recorded.
        dateCreated=a.activeFrom,
        dateExpired=a.activeTo,
        expired=a.activeTo is not None and a.activeTo <= today,
        active=a.isActive,
    )


async def person_alerts(
    root: HasPersonRef,
    info: Info[Context, None],
    page: int,
    per_page: int,
    active: bool | None,
    codes: list[str] | None,
) -> Page[Alert]:
    check_page(page, per_page)
    if root.ref.nomis_number is None:  # probation-only: NOMIS holds no alerts for them
        return paginate([], page, per_page)
    rows = await info.context.loaders.alerts_by_prisoner_number.load(root.ref.nomis_number)
    wanted = set(codes) if codes else None
    permitted = info.context.consumer.filters.alertCodes  # the consumer's alertCodes filter, if any
    if permitted is not None:
        wanted = (wanted & permitted) if wanted is not None else set(permitted)
    today = date.today()
    alerts = [
        to_alert(a, today)
        for a in rows
        if (active is None or a.isActive == active) and (wanted is None or a.alertCode.code in wanted)
    ]
    alerts.sort(key=lambda a: a.dateCreated, reverse=True)  # newest first, as the Integration API
    return paginate(alerts, page, per_page)


@strawberry.type
class AlertFields(PersonPart):
    @strawberry.field(description="Alerts, newest first (dateCreated).", extensions=[PrisonFiltered()])
    async def alerts(
        self,
        info: Info[Context, None],
        page: PageNumber = 1,
        per_page: PerPage = 10,
        active: Annotated[
            bool | None,
            strawberry.argument(
                description="true: only alerts that apply now; false: only expired or inactive ones; omitted: all."
            ),
        ] = None,
        codes: Annotated[
            list[str] | None,
            strawberry.argument(
                description='Only alerts with these codes, e.g. ["XA", "HA"]; the alertCodes filter applies too.'
            ),
        ] = None,
    ) -> Page[Alert] | None:
        return await person_alerts(self, info, page, per_page, active, codes)

    @strawberry.field(
        description="The alerts shared with the Police National Database (PND): `alerts` narrowed to the PND alert "
        "codes (XA, XEL, HA, RSS ...), newest first. The Integration API's two PND alert endpoints.",
        extensions=[PrisonFiltered()],
    )
    async def pndAlerts(
        self,
        info: Info[Context, None],
        page: Annotated[int, strawberry.argument(description="Page number, from 1.")] = 1,
        per_page: Annotated[int, strawberry.argument(description="Alerts per page, 1 to 100.")] = 10,
    ) -> Page[Alert] | None:
        return await person_alerts(self, info, page, per_page, None, sorted(PND_ALERT_CODES))
