"""Person.personResponsibleOfficer -> loaders.primary_pom_by_prisoner_number (Manage POM Cases)
+ loaders.supervisions_by_crn (nDelius communityManager)."""

from __future__ import annotations

import asyncio

import strawberry
from strawberry.types import Info

from resolvers.context import Context
from resolvers.identity import HasPersonRef, PersonPart, crn_of
from schema import officers as types
from upstream.delius import CommunityManager
from upstream.manage_pom import PrimaryPom


def to_prison_offender_manager(pom: PrimaryPom) -> types.PrisonOffenderManager:
    return types.PrisonOffenderManager(
        forename=pom.manager.forename, surname=pom.manager.surname, prison=types.OfficerPrison(code=pom.prison.code)
    )


def to_community_offender_manager(m: CommunityManager) -> types.CommunityOffenderManager:
    team = m.team
    return types.CommunityOffenderManager(
        name=types.PersonResponsibleOfficerName(
            forename=m.name.forename if m.name else None, surname=m.name.surname if m.name else None
        ),
        email=m.email,
        telephoneNumber=m.telephoneNumber,
        team=types.PersonResponsibleOfficerTeam(
            code=team.code if team else None,
            description=team.description if team else None,
            email=team.email if team else None,
            telephoneNumber=team.telephoneNumber if team else None,
        ),
    )


async def _prison_offender_manager(root: HasPersonRef, info: Info[Context, None]) -> types.PrisonOffenderManager | None:
    if root.ref.nomis_number is None:
        return None
    pom = await info.context.loaders.primary_pom_by_prisoner_number.load(root.ref.nomis_number)
    return to_prison_offender_manager(pom) if pom else None


async def _community_offender_manager(
    root: HasPersonRef, info: Info[Context, None]
) -> types.CommunityOffenderManager | None:
    crn = await crn_of(root.ref, info)
    if crn is None:
        return None
    supervisions = await info.context.loaders.supervisions_by_crn.load(crn)
    manager = supervisions.communityManager if supervisions else None
    return to_community_offender_manager(manager) if manager else None


@strawberry.type
class OfficerFields(PersonPart):
    @strawberry.field(
        description="Who is responsible for the person: the prison offender manager (Manage POM Cases) and the "
        "community offender manager (nDelius)."
    )
    async def personResponsibleOfficer(self, info: Info[Context, None]) -> types.PersonResponsibleOfficer | None:
        prison, community = await asyncio.gather(
            _prison_offender_manager(self, info), _community_offender_manager(self, info)
        )
        return types.PersonResponsibleOfficer(prisonOffenderManager=prison, communityOffenderManager=community)
