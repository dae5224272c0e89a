"""Person: the graph's centre. Plain fields come with the person; the rest resolve lazily.

Person's lazy fields are grouped by what they read, one group per resolvers module (AlertFields in
resolvers/alerts.py, SentenceFields in resolvers/sentences.py ...): `Person` inherits them all, so a
field's resolver is in the module named for it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers import ids, non_associations, search
from resolvers import person as resolve
from resolvers.accounts import AccountFields
from resolvers.addresses import AddressFields
from resolvers.adjudications import AdjudicationFields
from resolvers.alerts import AlertFields
from resolvers.case_notes import CaseNoteFields
from resolvers.contacts import ContactFields
from resolvers.context import Context
from resolvers.epf import EpfFields
from resolvers.identity import PersonRecord
from resolvers.images import ImageFields
from resolvers.interventions import InterventionFields
from resolvers.key_dates import KeyDateFields
from resolvers.licences import LicenceFields
from resolvers.locations import CellLocationFields
from resolvers.needs import NeedFields
from resolvers.offences import OffenceFields
from resolvers.officers import OfficerFields
from resolvers.person import ProfileFields
from resolvers.plp import PlpFields
from resolvers.risks import RiskFields, RiskManagementPlanFields
from resolvers.sentences import SentenceFields
from resolvers.status_information import StatusInformationFields
from resolvers.visits import VisitFields
from schema.node import ID_DESCRIPTION, Node
from schema.pagination import Page, PageNumber, PerPage
from schema.permissions import PrisonFiltered
from schema.profile import Alias
from upstream import non_associations as upstream_na


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
    AdjudicationFields,
    KeyDateFields,
    CaseNoteFields,
    OfficerFields,
    StatusInformationFields,
    NeedFields,
    OffenceFields,
    LicenceFields,
    EpfFields,
    PlpFields,
    InterventionFields,
    AccountFields,
    ImageFields,
    Node,
):
    firstName: str | None = strawberry.field(
        description="First name (prison record when there is one, else probation's)."
    )
    lastName: str | None = strawberry.field(description="Last name.")
    middleName: str | None = strawberry.field(description="Middle names, space separated.")
    dateOfBirth: date | None = strawberry.field(description="Date of birth, YYYY-MM-DD.")
    aliases: list[Alias] | None = strawberry.field(description="Other names the person is or was known by.")
    pncId: str | None = strawberry.field(description="Police National Computer id, e.g. 2008/0545166T.")
    category: str | None = strawberry.field(description="Security category, e.g. C (prison only)")
    csra: str | None = strawberry.field(description="Cell sharing risk assessment (prison only)")
    receptionDate: date | None = strawberry.field(
        description="When the person was received into prison for the current booking (prison only)."
    )
    status: str | None = strawberry.field(description="Prison status, e.g. ACTIVE IN (prison only)")
    prisonId: str | None = strawberry.field(description="Current prison; OUT once released (prison only)")
    prisonName: str | None = strawberry.field(
        description="Name of the current prison, e.g. Moorland (HMP & YOI) (prison only)."
    )
    youthOffender: bool | None = strawberry.field(
        description="True when NOMIS records the person as a young offender (received into custody under 21); "
        "null for people NOMIS does not know (prison only, from Prisoner Search)."
    )

    @strawberry.field(description=ID_DESCRIPTION)
    async def id(self, info: Info[Context, None]) -> strawberry.ID:
        # From hmppsId, which every consumer may read: the id reveals no identifier (a NOMIS number
        # next to a CRN) that Person.identifiers might withhold.
        return strawberry.ID(ids.global_id("Person", await resolve.hmpps_id_of(self.ref, info)))

    @strawberry.field(description="Risk information from OASys, nDelius and NOMIS.")
    def risks(self) -> Risks | None:
        return Risks(ref=self.ref)

    @strawberry.field(
        description="Prisoners in the same prison this person must be kept apart from (Non-Associations API), "
        "newest first. An entry naming someone the consumer may not see is left out.",
        extensions=[PrisonFiltered()],
    )
    async def nonAssociations(
        self,
        info: Info[Context, None],
        include_open: Annotated[
            bool, strawberry.argument(description="Include those in effect (default true).")
        ] = True,
        include_closed: Annotated[
            bool, strawberry.argument(description="Include closed ones (default false).")
        ] = False,
    ) -> list[NonAssociation] | None:
        rows = await non_associations.visible_non_associations(self, info, include_open, include_closed)
        return [NonAssociation.from_upstream(n) for n in rows]

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
                youthOffender=p.youthOffender,
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
            youthOffender=None,
        )


def as_person(record: PersonRecord) -> Person:
    return Person.from_record(record)


def as_people(page: Page[PersonRecord]) -> Page[Person]:
    return Page(items=[Person.from_record(r) for r in page.items], pagination=page.pagination)


@strawberry.type(description="A prison, by its code (e.g. MDI).")
class Prison(Node):
    prisonId: strawberry.ID = strawberry.field(description="The prison's code, e.g. MDI.")

    def node_key(self) -> str:
        return str(self.prisonId)

    @strawberry.field(description="Everyone in the prison now, by last name then first name (the wing-list view).")
    async def prisoners(
        self, info: Info[Context, None], page: PageNumber = 1, per_page: PerPage = 100
    ) -> Page[Person] | None:
        return as_people(await search.prison_list(info, str(self.prisonId), page, per_page))


@strawberry.type(description="The other prisoner of a non-association, as the Non-Associations API names them.")
class NonAssociationPrisonerDetails:
    prisonerNumber: str = strawberry.field(description="Their NOMIS prisoner number, e.g. A1234BC.")
    role: str = strawberry.field(description="Their role code in it: VICTIM, PERPETRATOR, NOT_RELEVANT or UNKNOWN.")
    roleDescription: str = strawberry.field(description="Their role in words, e.g. Victim.")
    firstName: str = strawberry.field(description="First name, as NOMIS holds it (upper case).")
    lastName: str = strawberry.field(description="Last name, as NOMIS holds it (upper case).")
    prisonId: str | None = strawberry.field(description="Their prison's code, e.g. MDI.")
    prisonName: str | None = strawberry.field(description="Their prison's name.")
    cellLocation: str | None = strawberry.field(description="Their cell, without the prison, e.g. B-2-007.")

    @strawberry.field(
        description="The other prisoner as a Person, to select anything else about them; found and checked "
        "exactly as Query.person."
    )
    async def person(self, info: Info[Context, None]) -> Person | None:
        return as_person(await non_associations.other_prisoner(info, self.prisonerNumber))


@strawberry.type(
    description="A non-association: two prisoners who must be kept apart (in a cell, on a landing or on a wing), "
    "from the Non-Associations API (the Integration API's NonAssociation)."
)
class NonAssociation:
    id: int = strawberry.field(description="Non-Associations API id of the non-association.")
    role: str = strawberry.field(description="This person's role code: VICTIM, PERPETRATOR, NOT_RELEVANT or UNKNOWN.")
    roleDescription: str = strawberry.field(description="This person's role in words.")
    reason: str = strawberry.field(description="Why they are kept apart, a code, e.g. BULLYING or GANG_RELATED.")
    reasonDescription: str = strawberry.field(description="The reason in words.")
    restrictionType: str = strawberry.field(description="Where they are kept apart: CELL, LANDING or WING.")
    restrictionTypeDescription: str = strawberry.field(description="The restriction in words, e.g. Cell only.")
    comment: str = strawberry.field(description="Why, in the words of whoever recorded it.")
    authorisedBy: str = strawberry.field(description="User id of whoever created it.")
    whenCreated: datetime = strawberry.field(description="When it was created.")
    whenUpdated: datetime = strawberry.field(description="When it was last changed.")
    updatedBy: str = strawberry.field(description="User id of whoever last changed it.")
    isClosed: bool = strawberry.field(description="Whether it is closed (no longer in effect).")
    closedBy: str | None = strawberry.field(description="User id of whoever closed it; null while open.")
    closedReason: str | None = strawberry.field(description="Why it was closed; null while open.")
    closedAt: datetime | None = strawberry.field(description="When it was closed; null while open.")
    otherPrisonerDetails: NonAssociationPrisonerDetails = strawberry.field(description="The other prisoner.")
    isOpen: bool = strawberry.field(description="Whether it is in effect.")

    @classmethod
    def from_upstream(cls, n: upstream_na.PrisonerNonAssociation) -> NonAssociation:
        o = n.otherPrisonerDetails
        return cls(
            id=n.id,
            role=n.role,
            roleDescription=n.roleDescription,
            reason=n.reason,
            reasonDescription=n.reasonDescription,
            restrictionType=n.restrictionType,
            restrictionTypeDescription=n.restrictionTypeDescription,
            comment=n.comment,
            authorisedBy=n.authorisedBy,
            whenCreated=n.whenCreated,
            whenUpdated=n.whenUpdated,
            updatedBy=n.updatedBy,
            isClosed=n.isClosed,
            closedBy=n.closedBy,
            closedReason=n.closedReason,
            closedAt=n.closedAt,
            otherPrisonerDetails=NonAssociationPrisonerDetails(
                prisonerNumber=o.prisonerNumber,
                role=o.role,
                roleDescription=o.roleDescription,
                firstName=o.firstName,
                lastName=o.lastName,
                prisonId=o.prisonId,
                prisonName=o.prisonName,
                cellLocation=o.cellLocation,
            ),
            isOpen=n.isOpen,
        )
