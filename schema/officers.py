from __future__ import annotations

import strawberry


@strawberry.type(description="A prison, by its code.")
class OfficerPrison:
    code: str | None = strawberry.field(description="NOMIS prison code, e.g. MDI.")


@strawberry.type(
    description="The prisoner's prison offender manager (POM), from Manage POM Cases (the Integration API's "
    "PrisonOffenderManager)."
)
class PrisonOffenderManager:
    forename: str | None = strawberry.field(description="The POM's first name.")
    surname: str | None = strawberry.field(description="The POM's last name.")
    prison: OfficerPrison = strawberry.field(description="The prison the POM works in.")


@strawberry.type(description="A probation practitioner's name, from nDelius.")
class PersonResponsibleOfficerName:
    forename: str | None = strawberry.field(description="First name.")
    surname: str | None = strawberry.field(description="Last name.")


@strawberry.type(description="The probation team a practitioner belongs to, from nDelius.")
class PersonResponsibleOfficerTeam:
    code: str | None = strawberry.field(description="nDelius team code, e.g. N07T01.")
    description: str | None = strawberry.field(description="Team name, e.g. Sheffield OMU.")
    email: str | None = strawberry.field(description="The team's email address.")
    telephoneNumber: str | None = strawberry.field(description="The team's telephone number.")


@strawberry.type(
    description="The probation practitioner managing the person in the community (community offender manager), "
    "from nDelius."
)
class CommunityOffenderManager:
    name: PersonResponsibleOfficerName = strawberry.field(description="The practitioner's name.")
    email: str | None = strawberry.field(description="The practitioner's email address.")
    telephoneNumber: str | None = strawberry.field(description="The practitioner's telephone number.")
    team: PersonResponsibleOfficerTeam = strawberry.field(description="The practitioner's team.")


@strawberry.type(
    description="Who is responsible for the person: their prison offender manager and their community offender "
    "manager (the Integration API's PersonResponsibleOfficer)."
)
class PersonResponsibleOfficer:
    prisonOffenderManager: PrisonOffenderManager | None = strawberry.field(
        description="The POM; null when the person has no NOMIS number or no POM is allocated."
    )
    communityOffenderManager: CommunityOffenderManager | None = strawberry.field(
        description="The community offender manager; null when probation does not know the person."
    )
