"""Create and Vary a Licence: an active licence for each released person known to probation, and one being
prepared for some people in custody, derived from the person (dates from their release)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from starlette.requests import Request
from starlette.routing import Route

from simulator.controls import Simulated, error_body, json_response, without_nulls
from simulator.population import Person, Population

SERVICE = "licences"
STANDARD = [
    (
        "9ce9d594-e346-4785-9642-c87e764bee37",
        "Be of general good behaviour and not behave in a way which undermines the purpose of the licence period.",
    ),
    ("3b19fdb0-4ca3-4615-9fdd-61fabc1587af", "Not commit any offence."),
    (
        "3361683a-504a-4357-ae25-81ebd7a5d0e4",
        "Keep in touch with the supervising officer in accordance with instructions given by the supervising officer.",
    ),
]
PSS_STANDARD = [("62c83b80-2223-4562-a195-0670f4072088", "Be of general good behaviour and not commit any offence.")]


def _at(day: date, hour: int) -> str:
    return datetime.combine(day, time(hour, 0)).isoformat() + "Z"


def licences_of(p: Person, today: date) -> list[dict]:
    """Each licence with its conditions, oldest first (as the service lists its summaries)."""
    if p.crn is None or p.booking_id is None:
        return []
    found: list[tuple[str, date]] = []
    if p.prison_id == "OUT" and p.release_date is not None:
        found.append(("ACTIVE", p.release_date))
    elif p.in_prison and p.index % 9 == 0:
        found.append(("IN_PROGRESS", today + timedelta(days=30 + p.index % 60)))
    return [_licence(p, n, status, release) for n, (status, release) in enumerate(found)]


def _licence(p: Person, n: int, status: str, release: date) -> dict:
    licence_id = 900_000 + p.index * 10 + n
    licence_type = "AP_PSS" if p.index % 3 == 0 else "AP"
    created = release - timedelta(days=40)
    additional = [
        {
            "id": licence_id * 10 + 1,
            "type": "STANDARD",
            "code": "0f9a20f4-35c7-4c77-8af8-f200f153fa11",
            "category": "Residence at a specific place",
            "text": "You must reside overnight at an address approved by your supervising officer.",
        }
    ]
    if p.index % 2 == 0:
        additional.append(
            {
                "id": licence_id * 10 + 2,
                "type": "ELECTRONIC_MONITORING",
                "code": "fd129172-bdd3-4d97-a4a0-efd7b47a49d4",
                "category": "Electronic monitoring",
                "text": "Allow person(s) designated by your supervising officer to fit an electronic monitoring tag.",
                "restrictions": ["CURFEW"],
            }
        )
    conditions: dict = {
        "AP": {
            "standard": [{"code": code, "text": text} for code, text in STANDARD],
            "additional": additional,
            "bespoke": [{"text": "You must not contact the victim."}] if p.index % 5 == 0 else [],
        },
        "PSS": {
            "standard": [{"code": code, "text": text} for code, text in PSS_STANDARD]
            if licence_type == "AP_PSS"
            else [],
            "additional": [],
        },
    }
    return without_nulls(
        {
            "id": licence_id,
            "licenceType": licence_type,
            "policyVersion": "V2_1",
            "version": "1.0",
            "statusCode": status,
            "prisonNumber": p.prisoner_number,
            "bookingId": p.booking_id,
            "crn": p.crn,
            "approvedByUsername": "GOVERNOR1" if status == "ACTIVE" else None,
            "approvedDateTime": _at(release - timedelta(days=14), 11) if status == "ACTIVE" else None,
            "createdByUsername": f"PRACT{p.index % 90:02d}",
            "createdDateTime": _at(created, 9),
            "updatedByUsername": f"PRACT{p.index % 90:02d}",
            "updatedDateTime": _at(release - timedelta(days=14 if status == "ACTIVE" else 35), 12),
            "isInPssPeriod": False,
            "conditions": conditions,
        }
    )


def summary_of(licence: dict) -> dict:
    return {k: v for k, v in licence.items() if k != "conditions"}


def routes(pop: Population, sim: Simulated) -> list[Route]:
    def licence_by_id(licence_id: int) -> dict | None:
        # Ids are 900000 + the person's index * 10 + n (see _licence): the id names its person.
        index, n = divmod(licence_id - 900_000, 10)
        if not 0 <= index < len(pop.people) or pop.people[index].index != index:
            return None
        found = licences_of(pop.people[index], pop.today)
        return found[n] if n < len(found) else None

    async def summaries(request: Request):
        p = pop.by_crn.get(request.path_params["crn"])
        return json_response([summary_of(lic) for lic in licences_of(p, pop.today)] if p else [])

    async def licence(request: Request):
        try:
            licence_id = int(request.path_params["licenceId"])
        except ValueError:
            return error_body(400, "licenceId must be a number", SERVICE)
        found = licence_by_id(licence_id)
        if not found:
            return error_body(404, f"No licence found with id {licence_id}", SERVICE)
        return json_response(found)

    return [
        sim.endpoint(SERVICE, "GET", "/public/licence-summaries/crn/{crn}", summaries),
        sim.endpoint(SERVICE, "GET", "/public/licences/id/{licenceId}", licence),
    ]
