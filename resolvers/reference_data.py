"""Query.referenceData -> upstream/prison_api.py (reference domains) + upstream/delius.py (/reference-data).

Not per person, so no loader: two kinds of call, made side by side.
"""

from __future__ import annotations

import asyncio

from strawberry.types import Info

from resolvers.context import Context
from schema.reference_data import ReferenceData, ReferenceDataCategory, ReferenceDataValue

# The NOMIS reference domains whose codes the graph's prison fields return.
PRISON_DOMAINS = ("ALERT", "ETHNICITY", "PHONE_USAGE")


async def reference_data(info: Info[Context, None]) -> ReferenceData:
    prison_api, delius = info.context.upstreams.prison_api, info.context.upstreams.delius
    prison, probation = await asyncio.gather(
        asyncio.gather(*(prison_api.reference_codes(d) for d in PRISON_DOMAINS)), delius.reference_data()
    )
    return ReferenceData(
        prisonReferenceData=[
            ReferenceDataCategory(
                category=domain,
                values=[ReferenceDataValue(code=c.code, description=c.description) for c in codes or []],
            )
            for domain, codes in zip(PRISON_DOMAINS, prison, strict=True)
        ],
        probationReferenceData=[
            ReferenceDataCategory(
                category=category, values=[ReferenceDataValue(code=v.code, description=v.description) for v in values]
            )
            for category, values in (probation.probationReferenceData if probation else {}).items()
        ],
    )
