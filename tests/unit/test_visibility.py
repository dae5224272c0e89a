"""access/visibility.py: who a consumer may see, one rule for every caller (docs/access-control.md)."""

from __future__ import annotations

import itertools

import pytest

from access.consumers import Filters
from access.visibility import (
    may_see_person,
    may_see_prison,
    needs_probation_record,
    prisoner_search_scope,
)

MDI_LEI = Filters(prisons=frozenset({"MDI", "LEI"}))
MDI_PROBATION = Filters(prisons=frozenset({"MDI"}), supervisionStatuses=frozenset({"PROBATION"}))


def statuses(*names: str) -> Filters:
    return Filters(supervisionStatuses=frozenset(names))


# (filters, prison id of the person's prison record or None, known to probation, may see)
CASES = {
    # no filter: everyone
    "no filter, in prison": (Filters(), "MDI", True, True),
    "no filter, released": (Filters(), "OUT", True, True),
    "no filter, probation only": (Filters(), None, True, True),
    # prisons filter: the current prison must be listed
    "empty prisons list sees no one": (Filters(prisons=frozenset()), "MDI", True, False),
    "empty prisons list, probation only": (Filters(prisons=frozenset()), None, True, False),
    "listed prison": (MDI_LEI, "MDI", False, True),
    "other prison": (MDI_LEI, "BMI", True, False),
    "released (OUT) is in no list": (MDI_LEI, "OUT", True, False),
    "in transfer (TRN) is in no list": (MDI_LEI, "TRN", False, False),
    "probation only is in no list": (MDI_LEI, None, True, False),
    "a list naming OUT sees released people": (Filters(prisons=frozenset({"OUT"})), "OUT", False, True),
    "a list naming TRN sees people in transfer": (Filters(prisons=frozenset({"TRN"})), "TRN", False, True),
    # supervisionStatuses: PRISONS = in custody (TRN included, OUT not), PROBATION = known to probation
    "PRISONS, in prison": (statuses("PRISONS"), "MDI", False, True),
    "PRISONS, in transfer": (statuses("PRISONS"), "TRN", False, True),
    "PRISONS, released": (statuses("PRISONS"), "OUT", True, False),
    "PRISONS, probation only": (statuses("PRISONS"), None, True, False),
    "PROBATION, known to probation": (statuses("PROBATION"), "MDI", True, True),
    "PROBATION, prison only": (statuses("PROBATION"), "MDI", False, False),
    "PROBATION, probation only": (statuses("PROBATION"), None, True, True),
    "PROBATION, released and known": (statuses("PROBATION"), "OUT", True, True),
    "both, prison only": (statuses("PRISONS", "PROBATION"), "MDI", False, True),
    "both, probation only": (statuses("PRISONS", "PROBATION"), None, True, True),
    "both, released and unknown to probation": (statuses("PRISONS", "PROBATION"), "OUT", False, False),
    "empty statuses sees no one": (statuses(), "MDI", True, False),
    # both filters: each must allow the person
    "prisons and PROBATION, listed and known": (
        MDI_PROBATION,
        "MDI",
        True,
        True,
    ),
    "prisons and PROBATION, listed, prison only": (
        MDI_PROBATION,
        "MDI",
        False,
        False,
    ),
    "prisons and PROBATION, elsewhere and known": (
        MDI_PROBATION,
        "BMI",
        True,
        False,
    ),
}


@pytest.mark.parametrize(("filters", "prison_id", "known", "expected"), list(CASES.values()), ids=list(CASES))
def test_may_see_person(filters: Filters, prison_id: str | None, known: bool, expected: bool) -> None:
    assert may_see_person(filters, prison_id, known_to_probation=known) is expected


PRISON_CASES = {
    "no filter": (Filters(), "BMI", True),
    "listed": (MDI_LEI, "LEI", True),
    "not listed": (MDI_LEI, "BMI", False),
    "empty list": (Filters(prisons=frozenset()), "MDI", False),
    "supervisionStatuses do not hide a prison": (statuses("PROBATION"), "MDI", True),
    "OUT is not a listed prison": (MDI_LEI, "OUT", False),
    "no prison": (MDI_LEI, None, False),
}


@pytest.mark.parametrize(("filters", "prison_id", "expected"), list(PRISON_CASES.values()), ids=list(PRISON_CASES))
def test_may_see_prison(filters: Filters, prison_id: str | None, expected: bool) -> None:
    assert may_see_prison(filters, prison_id) is expected


MERGE_CASES = {
    "role only": (MDI_LEI, Filters(), frozenset({"MDI", "LEI"})),
    "consumer only": (Filters(), MDI_LEI, frozenset({"MDI", "LEI"})),
    "both: the intersection": (MDI_LEI, Filters(prisons=frozenset({"LEI", "BMI"})), frozenset({"LEI"})),
    "disjoint: nothing": (MDI_LEI, Filters(prisons=frozenset({"BMI"})), frozenset()),
    "neither: no filter": (Filters(), Filters(), None),
}


@pytest.mark.parametrize(("role", "consumer", "prisons"), list(MERGE_CASES.values()), ids=list(MERGE_CASES))
def test_role_filter_intersected_with_consumer_filter(role: Filters, consumer: Filters, prisons) -> None:
    merged = consumer.merge(role)
    assert merged.prisons == prisons
    assert role.merge(consumer) == merged  # order does not matter
    if prisons is not None:
        assert may_see_person(merged, "LEI", known_to_probation=True) is ("LEI" in prisons)
        assert not may_see_person(merged, "MDI", known_to_probation=True) or "MDI" in prisons


def test_merge_intersects_every_filter() -> None:
    role = Filters(
        alertCodes=frozenset({"XA", "HA"}),
        mappaCategories=frozenset({1, 2}),
        supervisionStatuses=frozenset({"PRISONS", "PROBATION"}),
        caseNotes=frozenset({"GEN"}),
    )
    consumer = Filters(alertCodes=frozenset({"HA", "XR"}), mappaCategories=frozenset({2, 3}))
    merged = consumer.merge(role)
    assert merged == Filters(
        prisons=None,
        alertCodes=frozenset({"HA"}),
        mappaCategories=frozenset({2}),
        supervisionStatuses=frozenset({"PRISONS", "PROBATION"}),
        caseNotes=frozenset({"GEN"}),
    )


def test_known_to_probation_is_only_read_when_a_statuses_filter_needs_it() -> None:
    for filters in (Filters(), MDI_LEI, statuses("PRISONS")):
        assert not needs_probation_record(filters)
        for prison_id in ("MDI", "OUT", "TRN", None):
            assert may_see_person(filters, prison_id, True) == may_see_person(filters, prison_id, False)
    assert needs_probation_record(statuses("PROBATION"))
    assert needs_probation_record(statuses("PRISONS", "PROBATION"))


PRISON_LISTS = [None, frozenset(), frozenset({"MDI"}), frozenset({"MDI", "OUT"}), frozenset({"TRN"})]
STATUS_LISTS = [
    None,
    frozenset(),
    frozenset({"PRISONS"}),
    frozenset({"PROBATION"}),
    frozenset({"PRISONS", "PROBATION"}),
]


@pytest.mark.parametrize(
    "filters",
    [Filters(prisons=p, supervisionStatuses=s) for p, s in itertools.product(PRISON_LISTS, STATUS_LISTS)],
    ids=lambda f: (
        f"prisons={sorted(f.prisons) if f.prisons is not None else '-'}"
        f",statuses={sorted(f.supervisionStatuses) if f.supervisionStatuses is not None else '-'}"
    ),
)
def test_search_push_down_is_the_rule(filters: Filters) -> None:
    """What prisoner search is asked (matchers, then the per-record check) admits exactly whom the rule allows."""
    scope = prisoner_search_scope(filters)
    for prison_id, known in itertools.product(("MDI", "BMI", "OUT", "TRN"), (True, False)):
        admitted = (
            not scope.nobody
            and (scope.prisons is None or prison_id in scope.prisons)
            and not (scope.exclude_released and prison_id == "OUT")
            and (not scope.check_each or may_see_person(filters, prison_id, known_to_probation=known))
        )
        assert admitted == may_see_person(filters, prison_id, known_to_probation=known), (prison_id, known)
