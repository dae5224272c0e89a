"""Query.referenceData -> upstream/prison_api.py (reference domains) + upstream/delius.py (/reference-data).

Two kinds of call, made side by side, through loaders that keep the answers in the process's shared
cache (reference data is a set of code tables: settings.CacheSettings).
"""

from __future__ import annotations

import asyncio

from strawberry.types import Info

from resolvers.context import Context
from schema.reference_data import ReferenceData, ReferenceDataCategory, ReferenceDataValue

# The NOMIS reference domains whose codes the graph's prison fields return.
PRISON_DOMAINS = ("ALERT", "ETHNICITY", "PHONE_USAGE")


async def reference_data(info: Info[Context, None]) -> ReferenceData:
    loaders = info.context.loaders
    prison, probation = await asyncio.gather(
        loaders.reference_codes_by_domain.load_many(list(PRISON_DOMAINS)), loaders.probation_reference_data.load("all")
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
