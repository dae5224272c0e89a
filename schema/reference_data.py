from __future__ import annotations

import strawberry


@strawberry.type
class ReferenceDataValue:
    code: str
    description: str | None


@strawberry.type
class ReferenceDataCategory:
    category: str
    values: list[ReferenceDataValue]


@strawberry.type(description="Code descriptions for values the graph returns, from NOMIS and nDelius.")
class ReferenceData:
    prisonReferenceData: list[ReferenceDataCategory]
    probationReferenceData: list[ReferenceDataCategory]
