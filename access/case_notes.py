"""The consumer's `caseNotes` filter: which case-note types it may read (Filters.caseNotes).

Each entry is a case-note type (`KA`, `OMIC`) or a type and one of its sub-types joined by a hyphen,
as the prison-to-probation flow names its events (`PRISON-RELEASE`, `ALERT-ACTIVE`). NOMIS type
codes use underscores, never hyphens (`OMIC_OPD`), so the first hyphen separates the two.
"""

from __future__ import annotations

# Case Notes API typeSubTypes: (type, sub-types), an empty tuple meaning every sub-type of the type.
TypeSubTypes = tuple[tuple[str, tuple[str, ...]], ...]


def permitted_case_note_types(allowed: frozenset[str] | None) -> TypeSubTypes | None:
    """What the consumer may read, as the Case Notes API's search takes it (sorted: a stable key).

    None (no filter) or a filter listing "*": every type. An empty filter: `()`, no type at all (the
    caller asks nothing).
    A whole type listed wins over its sub-types listed beside it.
    """
    # "*" lists every type, as the Integration API reads it (CaseNotesGateway leaves typeSubTypes out).
    if allowed is None or any(entry.strip() == "*" for entry in allowed):
        return None
    whole: set[str] = set()
    parts: dict[str, set[str]] = {}
    for entry in allowed:
        kind, _, sub_type = entry.strip().upper().partition("-")
        if not kind:
            continue
        if sub_type:
            parts.setdefault(kind, set()).add(sub_type)
        else:
            whole.add(kind)
    table = {kind: () for kind in whole} | {
        kind: tuple(sorted(subs)) for kind, subs in parts.items() if kind not in whole
    }
    return tuple(sorted(table.items()))
