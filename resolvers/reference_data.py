"""Query.referenceData -> upstream/prison_api.py (reference domains) + upstream/delius.py (/reference-data).

Two kinds of call, made side by side, through loaders that keep the answers in the process's shared
cache (reference data is a set of code tables: settings.CacheSettings).
"""

from __future__ import annotations

import asyncio

from strawberry.types import Info

from resolvers.context import Context
from schema.reference_data import ReferenceData, ReferenceDataCategory, ReferenceDataValue

# The Integration API's prison reference data categories (its NomisReferenceDataType), each with the NOMIS
# reference domains whose codes it holds, in that order.
PRISON_CATEGORIES: dict[str, tuple[str, ...]] = {
    "PHONE_TYPE": ("PHONE_USAGE",),
    "ALERT_TYPE": ("ALERT",),
    "ETHNICITY": ("ETHNICITY",),
    "GENDER": ("SEX",),
    "ADDRESS_TYPE": ("ADDRESS_TYPE", "ADDR_TYPE"),
}
PRISON_DOMAINS = tuple(d for domains in PRISON_CATEGORIES.values() for d in domains)


async def reference_data(info: Info[Context, None]) -> ReferenceData:
    loaders = info.context.loaders
    prison, probation = await asyncio.gather(
        loaders.reference_codes_by_domain.load_many(list(PRISON_DOMAINS)), loaders.probation_reference_data.load("all")
    )
    by_domain = dict(zip(PRISON_DOMAINS, prison, strict=True))
    return ReferenceData(
        prisonReferenceData=[
            ReferenceDataCategory(
                category=category,
                values=[
                    ReferenceDataValue(code=c.code, description=c.description)
                    for domain in domains
                    for c in by_domain[domain] or []
                ],
            )
            for category, domains in PRISON_CATEGORIES.items()
        ],
        probationReferenceData=[
            ReferenceDataCategory(
                category=category, values=[ReferenceDataValue(code=v.code, description=v.description) for v in values]
            )
            for category, values in (probation.probationReferenceData if probation else {}).items()
        ],
    )
