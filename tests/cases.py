"""The rows of the two endpoint tables, so a field's own test module can declare its rows beside its tests.

- `Case`: one upstream client method against respx (tests/unit/test_upstream_clients.py runs each
  through every behaviour: success, 404, 5xx, connection failure, timeout, unreadable body ...).
- `Call`: one request to a simulator endpoint and what it must answer (tests/contract/ checks the
  answer against the upstream's OpenAPI document).

A module in tests/fields/ (one per field) may define `CLIENT_CASES: list[Case]` and
`CONTRACT_CASES: dict[str, dict[str, CaseBuilder]]`; `field_rows` gathers them into the tables.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from simulator.population import Person, Population
from upstream.base import UpstreamClient

GET_HAS_NO_BODY = object()
UNKNOWN_NOMS = "Z9999ZZ"
UNKNOWN_CRN = "Z999999"
UNKNOWN_BOOKING_ID = 999_999_999
UNKNOWN_LOCATION_KEY = "MDI-Z-9-999"


@dataclass(frozen=True)
class Case:
    id: str
    client: type[UpstreamClient]
    name: str  # the client's name, also in UpstreamError.upstream
    call: Callable[[Any], Awaitable[Any]]  # client -> the method call under test
    method: str
    path: str  # decoded path, as the upstream sees it
    answer: Any  # the upstream's JSON on success
    summary: Callable[[Any], Any]  # picks concrete values out of the parsed result ...
    expected: Any  # ... which must equal these
    on_404: Any  # what the method returns when the upstream answers 404
    wrong_shape: Any  # valid JSON that is not what the method expects
    params: dict[str, str] = field(default_factory=dict)
    body: Any = GET_HAS_NO_BODY


@dataclass
class Call:
    """One request against an endpoint and what it must answer."""

    path: str  # concrete path below the service prefix
    expect: int  # the status this request must get
    params: dict[str, Any] = field(default_factory=dict)
    json: Any = None
    nonempty: bool = False  # the answer must carry data (a non-empty list, page or object)


CaseBuilder = Callable[[Population], Call]


def pick(pop: Population, what: str, predicate: Callable[[Person], bool]) -> Person:
    found = next((p for p in pop.people if predicate(p)), None)
    assert found is not None, f"the population (size {pop.size}, seed {pop.seed}) has no {what}"
    return found


def pick_all(pop: Population, predicate: Callable[[Person], bool], n: int) -> list[Person]:
    found = [p for p in pop.people if predicate(p)][:n]
    assert found, f"the population (size {pop.size}, seed {pop.seed}) has nobody matching"
    return found


def field_rows(attribute: str) -> list[Any]:
    """The `attribute` of every module in tests/fields/, in module-name order."""
    import tests.fields

    found = []
    for module in sorted(m.name for m in pkgutil.iter_modules(tests.fields.__path__)):
        rows = getattr(importlib.import_module(f"tests.fields.{module}"), attribute, None)
        if rows is not None:
            found.append(rows)
    return found
