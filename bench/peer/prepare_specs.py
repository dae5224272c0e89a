"""The peer's input: the repository's copies of the upstream OpenAPI documents (specs/upstream/),
each cut down to the operations the bench's queries use (S1's profile, S2's wing lists; a generic
gateway composes what it is given, the cut only spares it thousands of unused types), read as the
services answer and named so that Mesh composes them:

- the contract tests' errata are applied first (SPEC_ERRATA, one source): where a document is wrong
  about what its service sends (Prison API's sentences-and-offences is a list, not one object;
  uncorrected, Mesh answers with the first sentence only);
- date-times become plain strings: the services send local date-times (`2023-06-02T17:57:00`,
  Java's LocalDateTime, no offset) where their documents say `format: date-time`, and Mesh's
  DateTime scalar (RFC 3339) refuses each one, nulling the object that holds it (so, before this,
  the peer's wing lists came back without alerts);
- each schema is named after its document (`Alerts_ErrorResponse`), as the documents disagree on
  shared names (ErrorResponse.errorCode is an integer in some, a string in others) and Mesh's
  composition refuses two types of one name that differ.

Written to bench/peer/build/specs/."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from tests.contract.openapi import corrected_document
from tests.contract.test_simulator_openapi import SPEC_ERRATA

OUT = Path(__file__).resolve().parent / "build" / "specs"

# subgraph name -> (spec file, simulator prefix, [(method, path)])
SOURCES: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    "PrisonerSearch": (
        "prisoner-search.json",
        "prisoner-search",
        [("get", "/prison/{prisonId}/prisoners"), ("post", "/prisoner-search/prisoner-numbers")],
    ),
    "Alerts": ("alerts-api.json", "alerts", [("post", "/search/alerts/prison-numbers")]),
    "Locations": ("locations-inside-prison-api.json", "locations", [("post", "/locations/keys")]),
    "ProbationSearch": (
        "probation-offender-search.json",
        "probation-search",
        [("post", "/nomsNumbers"), ("post", "/crns")],
    ),
    "PrisonApi": (
        "prison-api.json",
        "prison-api",
        [
            ("get", "/api/offender-sentences/booking/{bookingId}/sentences-and-offences"),
            ("get", "/api/offenders/{offenderNo}"),
        ],
    ),
    "Contacts": ("personal-relationships.json", "contacts", [("get", "/prisoner/{prisonNumber}/contact")]),
    "Delius": ("ndelius.json", "delius", [("get", "/case/{crn}/supervisions")]),
    "Risks": (
        "assess-risks-and-needs.json",
        "risks",
        [("get", "/risks/crn/{crn}"), ("get", "/risks/predictors/unsafe/all/{identifierType}/{identifierValue}")],
    ),
    "Visits": ("manage-prison-visits.json", "visits", [("get", "/visits/search/future/{prisonerId}")]),
}


def refs(node: object) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref.rsplit("/", 1)[1])
        for value in node.values():
            found |= refs(value)
    elif isinstance(node, list):
        for value in node:
            found |= refs(value)
    return found


def local_date_times(node: object) -> object:
    """`node` with every `format: date-time` dropped (see the module's docstring)."""
    if isinstance(node, dict):
        return {k: local_date_times(v) for k, v in node.items() if not (k == "format" and v == "date-time")}
    if isinstance(node, list):
        return [local_date_times(v) for v in node]
    return node


def cut(spec: dict, operations: list[tuple[str, str]], prefix: str) -> dict:
    paths = {}
    for method, path in operations:
        op = dict(spec["paths"][path][method])
        op.pop("security", None)
        params = spec["paths"][path].get("parameters")
        paths.setdefault(path, {"parameters": params} if params else {})[method] = op
    schemas = spec.get("components", {}).get("schemas", {})
    keep: set[str] = set()
    todo = refs(paths)
    while todo:
        name = todo.pop()
        if name in keep or name not in schemas:
            continue
        keep.add(name)
        todo |= refs(schemas[name]) - keep
    out = {
        "openapi": spec["openapi"],
        "info": spec["info"],
        "paths": paths,
        "components": {"schemas": {f"{prefix}_{n}": schemas[n] for n in sorted(keep)}},
    }
    text = re.sub(
        r'"#/components/schemas/([^"]+)"', rf'"#/components/schemas/{prefix}_\1"', json.dumps(local_date_times(out))
    )
    return json.loads(text)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (file, _prefix, operations) in SOURCES.items():
        spec = corrected_document(file, SPEC_ERRATA)
        (OUT / file).write_text(json.dumps(cut(spec, operations, name), indent=1))
    print(f"wrote {len(SOURCES)} documents to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
