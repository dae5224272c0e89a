from __future__ import annotations

import strawberry


@strawberry.type(description="A code and what it means.")
class ReferenceDataValue:
    code: str = strawberry.field(description="The code, e.g. W1.")
    description: str | None = strawberry.field(description="What the code means.")


@strawberry.type(description="A group of codes, e.g. ETHNICITY.")
class ReferenceDataCategory:
    category: str = strawberry.field(description="The group's name, e.g. ETHNICITY or GENDER.")
    values: list[ReferenceDataValue] = strawberry.field(description="The codes in the group.")


@strawberry.type(description="Code descriptions for values the graph returns, from NOMIS and nDelius.")
class ReferenceData:
    prisonReferenceData: list[ReferenceDataCategory] = strawberry.field(
        description="NOMIS codes the graph's prison fields return, by domain."
    )
    probationReferenceData: list[ReferenceDataCategory] = strawberry.field(
        description="nDelius codes the graph's probation fields return, by category."
    )
