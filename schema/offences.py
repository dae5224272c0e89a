from __future__ import annotations

from datetime import date

import strawberry


@strawberry.type(
    description="An offence the person was convicted of, from NOMIS (its offence history, every booking) or "
    "nDelius (the main and additional offences of each event) (the Integration API's Offence)."
)
class Offence:
    serviceSource: str = strawberry.field(description="Where it comes from: NOMIS or NDELIUS.")
    systemSource: str = strawberry.field(description="PRISON_SYSTEMS or PROBATION_SYSTEMS.")
    cjsCode: str | None = strawberry.field(
        description="Criminal Justice System offence code (NOMIS), e.g. RR84170; null from nDelius."
    )
    hoCode: str | None = strawberry.field(
        description="Home Office offence code (nDelius), e.g. 02801; null from NOMIS. A string, where the "
        "Integration API documents a number: the codes have leading zeros."
    )
    courtDates: list[date] = strawberry.field(
        description="Days the person appeared in court for it (NOMIS: the latest court date of the offence; "
        "nDelius: the event's court appearances)."
    )
    courtName: str | None = strawberry.field(
        description="The court of the first appearance, e.g. Sheffield Crown Court (nDelius); null from NOMIS, whose "
        "offence history names no court."
    )
    description: str | None = strawberry.field(description="What the offence is, e.g. Burglary.")
    startDate: date | None = strawberry.field(description="When the offence was committed (or began).")
    endDate: date | None = strawberry.field(description="When an offence committed over a period ended.")
    statuteCode: str | None = strawberry.field(description="The statute the offence is under (NOMIS), e.g. RR84.")
