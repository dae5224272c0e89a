"""Which people and prisons a consumer may see: the one home of the `prisons` and
`supervisionStatuses` filters (docs/access-control.md, "Who a consumer may see").

Pure functions of plain values, so every caller (Query.person and `_entities`, the per-field
`PrisonFiltered` extension, `Query.prison`, `Query.visits`, `Query.visit`, the searches' upstream
push-down) gives the same answer. The rule, as the Integration API's consumer filters: a filter
lists what may be seen; everything else is not found.

- `prisons`: the person's current prison id (Prisoner Search `prisonId`) must be in the list.
  `OUT` (released) and `TRN` (in transfer) are codes like any other: not in the list, not found;
  a list that names them explicitly sees them. A person with no prison record is in no list.
- `supervisionStatuses`: `PRISONS` sees people in custody (a prison record whose prisonId is set
  and is not `OUT`; `TRN` is custody), `PROBATION` sees people known to probation (a probation
  case exists). Listing both sees either (union); an empty list sees no one.
- Filters combine by intersection: a person must pass each filter the consumer has.
"""

from __future__ import annotations

from dataclasses import dataclass

from access.consumers import Filters

RELEASED = "OUT"
IN_TRANSFER = "TRN"
PRISONS = "PRISONS"
PROBATION = "PROBATION"


def in_custody(prison_id: str | None) -> bool:
    """In custody: in a prison, or in transfer between prisons (TRN); not released (OUT)."""
    return prison_id is not None and prison_id != RELEASED


def may_see_prison(filters: Filters, prison_id: str | None) -> bool:
    """The `prisons` filter: a prison (its people, its visits) is visible iff the list names it."""
    return filters.prisons is None or (prison_id is not None and prison_id in filters.prisons)


def may_see_person(filters: Filters, prison_id: str | None, known_to_probation: bool) -> bool:
    """Whether the consumer may see a person at all; if not, the person is NOT_FOUND.

    `prison_id`: the current prisonId of their prison record (None without one).
    `known_to_probation`: whether probation holds a case for them. Only consulted when the
    consumer has a `supervisionStatuses` filter, so callers may skip the lookup otherwise
    (see `needs_probation_record`).
    """
    if not may_see_prison(filters, prison_id):
        return False
    statuses = filters.supervisionStatuses
    if statuses is None:
        return True
    return (PRISONS in statuses and in_custody(prison_id)) or (PROBATION in statuses and known_to_probation)


def needs_probation_record(filters: Filters) -> bool:
    """Whether `may_see_person` reads `known_to_probation` for this consumer."""
    return filters.supervisionStatuses is not None and PROBATION in filters.supervisionStatuses


@dataclass(frozen=True)
class RecordSystems:
    """Which systems' records of a visible person a consumer reads where a field merges both."""

    prison: bool
    probation: bool


def record_systems(filters: Filters) -> RecordSystems:
    """As the Integration API's offences (GetOffencesForPersonService): a `prisons` filter reads the prison
    record only; a `supervisionStatuses` filter reads the systems it lists; no filter reads both."""
    if filters.prisons is not None:
        return RecordSystems(prison=True, probation=False)
    statuses = filters.supervisionStatuses
    if statuses is None:
        return RecordSystems(prison=True, probation=True)
    return RecordSystems(prison=PRISONS in statuses, probation=PROBATION in statuses)


@dataclass(frozen=True)
class PrisonerSearchScope:
    """What to ask Prisoner Search so that its answer holds exactly the people `may_see_person` allows.

    nobody:           ask nothing, the answer is empty.
    prisons:          a `prisonId IN prisons` matcher (None: no matcher).
    exclude_released: a `prisonId IS_NOT OUT` matcher.
    check_each:       the rule needs the probation record, which Prisoner Search cannot filter on:
                      the caller applies `may_see_person` to each record before paginating itself.
    """

    nobody: bool
    prisons: frozenset[str] | None
    exclude_released: bool
    check_each: bool


def prisoner_search_scope(filters: Filters) -> PrisonerSearchScope:
    """The upstream push-down of `may_see_person` for searches over prison records
    (tests/unit/test_visibility.py checks the two agree on every combination)."""
    statuses = filters.supervisionStatuses
    nobody = filters.prisons == frozenset() or statuses == frozenset()
    if statuses is None:
        return PrisonerSearchScope(nobody, filters.prisons, exclude_released=False, check_each=False)
    if PROBATION not in statuses:  # PRISONS only: people in custody
        return PrisonerSearchScope(nobody, filters.prisons, exclude_released=True, check_each=False)
    # PROBATION (alone, or with PRISONS): whether they are known to probation decides.
    return PrisonerSearchScope(nobody, filters.prisons, exclude_released=False, check_each=True)
