"""Person: the graph's centre. Plain fields come with the person; the rest resolve lazily.

Person's lazy fields are grouped by what they read, one group per resolvers module (AlertFields in
resolvers/alerts.py, SentenceFields in resolvers/sentences.py ...): `Person` inherits them all, so a
field's resolver is in the module named for it.
"""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from resolvers import ids, search
from resolvers import person as resolve
from resolvers.addresses import AddressFields
from resolvers.alerts import AlertFields
from resolvers.contacts import ContactFields
from resolvers.context import Context
from resolvers.identity import PersonRecord
from resolvers.locations import CellLocationFields
from resolvers.person import ProfileFields
from resolvers.risks import RiskFields, RiskManagementPlanFields
from resolvers.sentences import SentenceFields
from resolvers.visits import VisitFields
from schema.node import ID_DESCRIPTION, Node
from schema.pagination import Page
from schema.profile import Alias


@strawberry.type(description="Risk information from OASys, nDelius and NOMIS.")
class Risks(RiskFields):
    pass


@strawberry.federation.type(
    keys=["hmppsId"], description="A person known to prison (NOMIS) and/or probation (nDelius)."
)
class Person(
    ProfileFields,
    CellLocationFields,
    AlertFields,
    SentenceFields,
    RiskManagementPlanFields,
    VisitFields,
    ContactFields,
    AddressFields,
    Node,
):
    firstName: str | None
    lastName: str | None
    middleName: str | None
    dateOfBirth: date | None
    aliases: list[Alias] | None
    pncId: str | None
    category: str | None = strawberry.field(description="Security category, e.g. C (prison only)")
    csra: str | None = strawberry.field(description="Cell sharing risk assessment (prison only)")
    receptionDate: date | None
    status: str | None = strawberry.field(description="Prison status, e.g. ACTIVE IN (prison only)")
    prisonId: str | None = strawberry.field(description="Current prison; OUT once released (prison only)")
    prisonName: str | None

    @strawberry.field(description=ID_DESCRIPTION)
    async def id(self, info: Info[Context, None]) -> strawberry.ID:
        # From hmppsId, which every consumer may read: the id reveals no identifier (a NOMIS number
        # next to a CRN) that Person.identifiers might withhold.
        return strawberry.ID(ids.global_id("Person", await resolve.hmpps_id_of(self.ref, info)))

    @strawberry.field
    def risks(self) -> Risks | None:
        return Risks(ref=self.ref)

    @classmethod
    async def resolve_reference(cls, info: Info[Context, None], hmppsId: strawberry.ID) -> Person | None:
        return as_person(await resolve.find_person(info, str(hmppsId)))

    @classmethod
    def from_record(cls, record: PersonRecord) -> Person:
        """The prison record's view when there is one (current for people in custody), else probation's."""
        ref = record.ref
        if record.prisoner is not None:
            p = record.prisoner
            return cls(
                ref=ref,
                firstName=p.firstName,
                lastName=p.lastName,
                middleName=p.middleNames,
                dateOfBirth=p.dateOfBirth,
                gender_value=p.gender,
                ethnicity_value=p.ethnicity,
                pncId=p.pncNumber,
                aliases=[
                    Alias(
                        firstName=a.firstName,
                        lastName=a.lastName,
                        middleName=a.middleNames,
                        dateOfBirth=a.dateOfBirth,
                        gender=a.gender,
                        ethnicity=a.ethnicity,
                    )
                    for a in p.aliases
                ],
                category=p.category,
                csra=p.csra,
                receptionDate=p.receptionDate,
                status=p.status,
                prisonId=p.prisonId,
                prisonName=p.prisonName,
            )
        o = record.offender
        assert o is not None, "a PersonRecord holds at least one record"
        return cls(
            ref=ref,
            firstName=o.firstName,
            lastName=o.surname,
            middleName=" ".join(o.middleNames or []) or None,
            dateOfBirth=o.dateOfBirth,
            gender_value=o.gender,
            ethnicity_value=o.offenderProfile.ethnicity if o.offenderProfile else None,
            pncId=o.otherIds.pncNumber,
            aliases=[
                Alias(
                    firstName=a.firstName,
                    lastName=a.surname,
                    middleName=" ".join(a.middleNames or []) or None,
                    dateOfBirth=a.dateOfBirth,
                    gender=a.gender,
                    ethnicity=None,
                )
                for a in o.offenderAliases or []
            ],
            category=None,
            csra=None,
            receptionDate=None,
            status=None,
            prisonId=None,
            prisonName=None,
        )


def as_person(record: PersonRecord) -> Person:
    return Person.from_record(record)


def as_people(page: Page[PersonRecord]) -> Page[Person]:
    return Page(items=[Person.from_record(r) for r in page.items], pagination=page.pagination)


@strawberry.type(description="A prison, by its code (e.g. MDI).")
class Prison(Node):
    prisonId: strawberry.ID

    def node_key(self) -> str:
        return str(self.prisonId)

    @strawberry.field(description="Everyone in the prison now, by last name then first name (the wing-list view).")
    async def prisoners(self, info: Info[Context, None], page: int = 1, per_page: int = 100) -> Page[Person] | None:
        return as_people(await search.prison_list(info, str(self.prisonId), page, per_page))
