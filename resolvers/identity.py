"""Who a person is in each system: hmppsId forms, and the NOMIS number <-> CRN link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import strawberry
from strawberry.types import Info

from resolvers import ids
from resolvers.context import Context
from resolvers.ids import CRN, NOMIS_NUMBER, PNC, IdKind
from upstream.prisoner_search import Prisoner
from upstream.probation_search import OffenderDetail

__all__ = ["CRN", "NOMIS_NUMBER", "PNC", "IdKind", "id_kind"]


def id_kind(hmpps_id: str) -> IdKind:
    """The kind of an hmppsId (resolvers/ids.py holds the patterns)."""
    return ids.hmpps_id(hmpps_id)[0]


@dataclass(frozen=True)
class PersonRef:
    """The identifiers a Person was built with. `crn_resolved` says whether `crn` is final."""

    nomis_number: str | None
    crn: str | None
    crn_resolved: bool


class HasPersonRef(Protocol):
    ref: PersonRef


@strawberry.type
class PersonPart:
    """Base of the classes that hold a group of Person's fields (AlertFields, SentenceFields ...):
    `Person` inherits them all, so each field's resolver sits in the resolvers module of its name."""

    ref: strawberry.Private[PersonRef]


@dataclass(frozen=True)
class PersonRecord:
    """What the graph found of a person: the prison record, the probation record, or both.

    `crn_known`: whether a missing probation record means "probation does not know them" (it was
    looked for) rather than "not looked up yet" (a wing list asks probation only when a field needs it).
    """

    prisoner: Prisoner | None
    offender: OffenderDetail | None
    crn_known: bool = True

    @property
    def ref(self) -> PersonRef:
        nomis = (
            self.prisoner.prisonerNumber
            if self.prisoner
            else self.offender.otherIds.nomsNumber
            if self.offender
            else None
        )
        crn = self.offender.otherIds.crn if self.offender else None
        return PersonRef(nomis_number=nomis, crn=crn, crn_resolved=self.offender is not None or self.crn_known)


async def crn_of(ref: PersonRef, info: Info[Context, None]) -> str | None:
    """The person's CRN, None if probation does not know them. Called only for what needs it (a
    field, a filter, a policy): the audit names people by both numbers after the answer (schema/audit.py)."""
    if ref.crn_resolved or ref.nomis_number is None:
        return ref.crn
    crn = await info.context.loaders.crn_by_prisoner_number.load(ref.nomis_number)
    info.context.audit.link(ref.nomis_number, crn)
    return crn


async def probation_case(ref: PersonRef, info: Info[Context, None]) -> OffenderDetail | None:
    """The person's Probation Offender Search record, or None if probation does not know them."""
    if ref.crn is not None:
        return await info.context.loaders.probation_case_by_crn.load(ref.crn)
    if ref.nomis_number is not None and not ref.crn_resolved:
        return await info.context.loaders.probation_case_by_prisoner_number.load(ref.nomis_number)
    return None


async def prisoner_record(ref: PersonRef, info: Info[Context, None]) -> Prisoner | None:
    """The person's Prisoner Search record, or None if they have no NOMIS number."""
    if ref.nomis_number is None:
        return None
    return await info.context.loaders.prisoner_by_prisoner_number.load(ref.nomis_number)


def remember_probation_case(info: Info[Context, None], case: OffenderDetail) -> None:
    """A case fetched by one key is primed under the other too, so neither is fetched twice."""
    loaders = info.context.loaders
    loaders.probation_case_by_crn.prime(case.otherIds.crn, case)
    if case.otherIds.nomsNumber:
        loaders.probation_case_by_prisoner_number.prime(case.otherIds.nomsNumber, case)


async def crns_for_audit(context: Context, numbers: list[str]) -> dict[str, str | None]:
    """The CRN of each NOMIS number (None: probation does not know them), for the audit trail.
    Raises an UpstreamError if probation search fails."""
    crns = await context.loaders.crn_by_prisoner_number.load_many(numbers)
    return dict(zip(numbers, crns, strict=True))
