"""The limited-access policy: what happens to a field when the person is a limited-access offender
(a Delius restriction or exclusion). Data, not scattered ifs; schema/permissions.py applies it.

- reject: FORBIDDEN, with reason LIMITED_ACCESS.
- mask:   the named text fields (in the value, or in each item of a page) become REDACTED; a dotted
          name (`amendments.additionalNoteText`) reaches into each element of a list field.
- remove: null, with no error (so search results still list the person).
"""

from __future__ import annotations

from dataclasses import dataclass

REDACTED = "**REDACTED**"


@dataclass(frozen=True)
class Reject:
    pass


@dataclass(frozen=True)
class Mask:
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Remove:
    pass


Action = Reject | Mask | Remove

LIMITED_ACCESS_POLICY: dict[str, Action] = {
    "Risks.seriousHarm": Reject(),
    "Risks.scores": Reject(),
    "Person.addresses": Reject(),
    "Person.riskManagementPlan": Reject(),
    "Risks.mappaDetail": Mask(fields=("notes",)),
    "Risks.dynamic": Mask(fields=("notes",)),
    "Person.gender": Remove(),
    "Person.ethnicity": Remove(),
    "Person.contactDetails": Remove(),
    "Person.protectedCharacteristics": Remove(),  # it holds gender and ethnicity too
    "Person.caseNotes": Mask(fields=("text", "amendments.additionalNoteText")),
    "Person.epfCaseDetail": Reject(),  # it carries the gender and date of birth the policy removes
    "Person.referrals": Reject(),  # no Integration API counterpart: withheld, as the probation case data is
    "Person.needs": Reject(),  # the Integration API does not serve needs for limited-access people
    "Person.statusInformation": Mask(fields=("notes",)),  # as Risks.dynamic: the same Delius registrations
}


def mask(value: object, fields: tuple[str, ...]) -> object:
    """Replaces the named attributes of `value`, or of each of `value.items` for a page, in place."""
    targets = getattr(value, "items", None)
    for target in targets if isinstance(targets, list) else [value]:
        for name in fields:
            _mask_one(target, name)
    return value


def _mask_one(target: object, name: str) -> None:
    head, _, rest = name.partition(".")
    if rest:
        for element in getattr(target, head, None) or []:
            _mask_one(element, rest)
    elif getattr(target, name, None) is not None:
        setattr(target, name, REDACTED)
