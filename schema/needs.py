from __future__ import annotations

from datetime import datetime

import strawberry


@strawberry.type(description="One criminogenic need section of an OASys assessment (the Integration API's Need).")
class Need:
    type: str | None = strawberry.field(description="The OASys section, e.g. DRUG_MISUSE or ACCOMMODATION.")
    riskOfHarm: bool | None = strawberry.field(description="Whether the section's answers indicate a risk of harm.")
    riskOfReoffending: bool | None = strawberry.field(
        description="Whether the section's answers indicate a risk of reoffending."
    )
    severity: str | None = strawberry.field(description="NO_NEED, STANDARD or SEVERE; null when unanswered.")


@strawberry.type(
    description="Criminogenic needs from the person's latest OASys assessment (Assess Risks and Needs): the "
    "dynamic factors linked to offending (the Integration API's Needs)."
)
class Needs:
    assessedOn: datetime | None = strawberry.field(description="When the assessment was completed.")
    identifiedNeeds: list[Need] = strawberry.field(description="Sections answered and identified as needs.")
    notIdentifiedNeeds: list[Need] = strawberry.field(description="Sections answered but not identified as needs.")
    unansweredNeeds: list[Need] = strawberry.field(description="Sections not answered.")
