"""The Case Notes API: each prisoner's case notes, derived from their history so they agree with the
rest of the population (an ALERT-ACTIVE note for each alert, ALERT-INACTIVE for each that ended, a
PRISON-RELEASE note for a released person, TRANSFER-FROMTOL for one transferred in), plus key-worker,
OMiC and general notes for some: the types the prison-to-probation flow carries."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from starlette.requests import Request
from starlette.routing import Route

from simulator.controls import Simulated, error_body, json_response, without_nulls
from simulator.population import Person, Population, stable_uuid

SERVICE = "case-notes"

TYPE_DESCRIPTIONS = {
    "ALERT": "Alert",
    "PRISON": "Prison",
    "TRANSFER": "Transfer",
    "GEN": "General",
    "KA": "Key Worker Activity",
    "OMIC": "OMiC",
    "OMIC_OPD": "OMiC OPD",
}
SUB_TYPE_DESCRIPTIONS = {
    ("ALERT", "ACTIVE"): "Made active",
    ("ALERT", "INACTIVE"): "Made inactive",
    ("PRISON", "RELEASE"): "Release",
    ("TRANSFER", "FROMTOL"): "Transfer from",
    ("GEN", "OSE"): "Offender Supervisor Entry",
    ("KA", "KS"): "Key Worker Session",
    ("OMIC", "GEN"): "General",
    ("OMIC_OPD", "GEN"): "OPD General",
}
SENSITIVE_TYPES = {"OMIC_OPD"}


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 15))


def case_notes_of(p: Person, today: date) -> list[dict]:
    """Every case note of the person, newest first (occurrence)."""
    if p.prisoner_number is None:
        return []
    prison = p.last_prison_id
    notes: list[tuple[str, str, datetime, str | None, str, list[str]]] = []
    for a in p.alerts:
        notes.append(("ALERT", "ACTIVE", _at(a.active_from, 9), prison, f"Alert {a.description} made active.", []))
        if a.active_to is not None and a.active_to <= today:
            notes.append(
                ("ALERT", "INACTIVE", _at(a.active_to, 9), prison, f"Alert {a.description} made inactive.", [])
            )
    if p.prison_id == "OUT" and p.release_date is not None:
        notes.append(("PRISON", "RELEASE", _at(p.release_date, 10), prison, f"Released from {prison}.", []))
    if p.previous_prison_id and p.previous_prison_leaving_date:
        leaving = p.previous_prison_leaving_date
        text = f"Transferred from {p.previous_prison_id} to {prison}."
        notes.append(("TRANSFER", "FROMTOL", _at(leaving, 11), p.previous_prison_id, text, []))
    if p.index % 3 == 0:
        for n in range(2):
            day = today - timedelta(days=7 + p.index % 20 + 30 * n)
            amendment = ["Follow-up agreed with the wing officer."] if n == 0 else []
            notes.append(
                ("KA", "KS", _at(day, 14), prison, "Key worker session: settled, engaging with work.", amendment)
            )
    if p.index % 4 == 0:
        day = today - timedelta(days=40 + p.index % 50)
        notes.append(("GEN", "OSE", _at(day, 15), prison, "Offender supervisor entry: sentence plan reviewed.", []))
    if p.index % 5 == 0:
        day = today - timedelta(days=60 + p.index % 30)
        notes.append(("OMIC", "GEN", _at(day, 16), prison, "POM contact: release planning discussed.", []))
    if p.index % 10 == 0:
        day = today - timedelta(days=90 + p.index % 30)
        notes.append(("OMIC_OPD", "GEN", _at(day, 16), prison, "OPD consultation held with the POM.", []))
    notes.sort(key=lambda n: n[2], reverse=True)
    return [
        _note_json(p, n, kind, sub_type, occurred, location, text, amendments)
        for n, (kind, sub_type, occurred, location, text, amendments) in enumerate(notes)
    ]


def _note_json(
    p: Person,
    n: int,
    kind: str,
    sub_type: str,
    occurred: datetime,
    location: str | None,
    text: str,
    amendments: list[str],
) -> dict:
    legacy_id = 5_000_000 + p.index * 100 + n
    created = occurred + timedelta(hours=1)
    return without_nulls(
        {
            "caseNoteId": stable_uuid("case-note", p.prisoner_number, kind, sub_type, occurred.isoformat()),
            "offenderIdentifier": p.prisoner_number,
            "type": kind,
            "typeDescription": TYPE_DESCRIPTIONS[kind],
            "subType": sub_type,
            "subTypeDescription": SUB_TYPE_DESCRIPTIONS[(kind, sub_type)],
            "source": "INST",
            "creationDateTime": created.isoformat(),
            "occurrenceDateTime": occurred.isoformat(),
            "authorName": "Generated Officer",
            "authorUserId": str(40_000 + p.index % 500),
            "authorUsername": f"OFFICER{p.index % 500}",
            "text": text,
            "locationId": location,
            "eventId": legacy_id,
            "sensitive": kind in SENSITIVE_TYPES,
            "amendments": [
                {
                    "creationDateTime": (created + timedelta(days=1)).isoformat(),
                    "authorUserName": "OFFICER2",
                    "authorName": "Second Officer",
                    "additionalNoteText": extra,
                    "id": stable_uuid("case-note-amendment", legacy_id, m),
                }
                for m, extra in enumerate(amendments)
            ],
            "systemGenerated": kind in ("ALERT", "PRISON", "TRANSFER"),
            "legacyId": legacy_id,
        }
    )


def _wanted(note: dict, type_sub_types: list | None) -> bool:
    if type_sub_types is None:
        return True
    return any(
        t.get("type") == note["type"] and (not t.get("subTypes") or note["subType"] in t["subTypes"])
        for t in type_sub_types
    )


def routes(pop: Population, sim: Simulated) -> list[Route]:
    async def search(request: Request):
        body = await request.json()
        if not isinstance(body, dict):
            return error_body(400, "A search request is required")
        try:
            page, size = int(body["page"]), int(body["size"])
            occurred_from = datetime.fromisoformat(body["occurredFrom"]) if body.get("occurredFrom") else None
            occurred_to = datetime.fromisoformat(body["occurredTo"]) if body.get("occurredTo") else None
        except (KeyError, TypeError, ValueError):
            return error_body(400, "page and size are required; dates must be ISO date-times")
        if page < 1 or size < 1:
            return error_body(400, "page and size must be at least 1")
        p = pop.by_prisoner_number.get(request.path_params["personIdentifier"])
        every = case_notes_of(p, pop.today) if p else []
        matching = [
            n
            for n in every
            if _wanted(n, body.get("typeSubTypes"))
            and (body.get("includeSensitive") or not n["sensitive"])
            and (occurred_from is None or datetime.fromisoformat(n["occurrenceDateTime"]) >= occurred_from)
            and (occurred_to is None or datetime.fromisoformat(n["occurrenceDateTime"]) <= occurred_to)
        ]
        if body.get("sort", "").endswith(",asc"):
            matching.reverse()
        return json_response(
            {
                "content": matching[(page - 1) * size : page * size],
                "metadata": {"totalElements": len(matching), "page": page, "size": size},
                "hasCaseNotes": bool(every),
            }
        )

    return [sim.endpoint(SERVICE, "POST", "/search/case-notes/{personIdentifier}", search)]
