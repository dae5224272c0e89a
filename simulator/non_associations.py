"""Non-Associations API: pairs of prisoners in the same prison who must be kept apart.

The pairs are derived from the population, so both prisoners of a pair see it: in each prison's list
(population order), positions 20k and 20k+1 have an open non-association, 20k+10 and 20k+11 a
closed one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from starlette.requests import Request
from starlette.routing import Route

from simulator.controls import Simulated, error_body, json_response, without_nulls
from simulator.population import PRISONS, Person, Population

SERVICE = "non-associations"
ROLES = {"PERPETRATOR": "Perpetrator", "VICTIM": "Victim"}
REASONS = [("BULLYING", "Bullying"), ("GANG_RELATED", "Gang related"), ("VIOLENCE", "Violence"), ("THREAT", "Threat")]
RESTRICTIONS = [("CELL", "Cell only"), ("LANDING", "Cell and landing"), ("WING", "Cell, landing and wing")]


@dataclass(frozen=True)
class Pair:
    perpetrator: Person
    victim: Person
    closed: bool


def pairs_by_prisoner_number(pop: Population) -> dict[str, Pair]:
    found: dict[str, Pair] = {}
    for prison_id in PRISONS:
        inside = pop.prisoners_in(prison_id)
        for i in range(0, len(inside) - 1):
            if i % 20 in (0, 10):
                pair = Pair(perpetrator=inside[i], victim=inside[i + 1], closed=i % 20 == 10)
                for p in (pair.perpetrator, pair.victim):
                    found[p.prisoner_number or ""] = pair
    return found


def _other_json(other: Person, role: str) -> dict:
    return without_nulls(
        {
            "prisonerNumber": other.prisoner_number,
            "role": role,
            "roleDescription": ROLES[role],
            "firstName": other.first_name.upper(),
            "lastName": other.last_name.upper(),
            "prisonId": other.prison_id,
            "prisonName": PRISONS.get(other.prison_id or ""),
            "cellLocation": other.cell_location,
        }
    )


def non_association_json(p: Person, pair: Pair, pop: Population) -> dict:
    mine, theirs, other = (
        ("PERPETRATOR", "VICTIM", pair.victim) if p is pair.perpetrator else ("VICTIM", "PERPETRATOR", pair.perpetrator)
    )
    n = pair.perpetrator.index
    created = datetime.combine(pop.today - timedelta(days=30 + n % 300), time(9, 15))
    closed_at = created + timedelta(days=20) if pair.closed else None
    reason, reason_description = REASONS[n % len(REASONS)]
    restriction, restriction_description = RESTRICTIONS[n % len(RESTRICTIONS)]
    return without_nulls(
        {
            "id": 70000 + n,
            "role": mine,
            "roleDescription": ROLES[mine],
            "reason": reason,
            "reasonDescription": reason_description,
            "restrictionType": restriction,
            "restrictionTypeDescription": restriction_description,
            "comment": "Keep apart after an incident on the wing",
            "authorisedBy": "OFF3_GEN",
            "whenCreated": created.isoformat(),
            "whenUpdated": (closed_at or created).isoformat(),
            "updatedBy": "OFF3_GEN",
            "isClosed": pair.closed,
            "closedBy": "OFF3_GEN" if pair.closed else None,
            "closedReason": "Moved to another wing" if pair.closed else None,
            "closedAt": closed_at.isoformat() if closed_at else None,
            "otherPrisonerDetails": _other_json(other, theirs),
            "isOpen": not pair.closed,
        }
    )


def routes(pop: Population, sim: Simulated) -> list[Route]:
    pairs: dict[str, Pair] = {}

    async def prisoner_non_associations(request: Request):
        if not pairs:
            pairs.update(pairs_by_prisoner_number(pop))
        number = request.path_params["prisonerNumber"]
        p = pop.by_prisoner_number.get(number)
        if p is None:
            return error_body(404, f"Prisoner with prisoner number {number} not found", SERVICE)
        include_open = request.query_params.get("includeOpen", "true") != "false"
        include_closed = request.query_params.get("includeClosed", "false") == "true"
        pair = pairs.get(number)
        rows = [non_association_json(p, pair, pop)] if pair else []
        return json_response(
            without_nulls(
                {
                    "prisonerNumber": number,
                    "firstName": p.first_name.upper(),
                    "lastName": p.last_name.upper(),
                    "prisonId": p.prison_id,
                    "prisonName": PRISONS.get(p.prison_id or ""),
                    "cellLocation": p.cell_location,
                    "openCount": sum(1 for r in rows if r["isOpen"]),
                    "closedCount": sum(1 for r in rows if r["isClosed"]),
                    "nonAssociations": [
                        r for r in rows if (r["isOpen"] and include_open) or (r["isClosed"] and include_closed)
                    ],
                }
            )
        )

    return [sim.endpoint(SERVICE, "GET", "/prisoner/{prisonerNumber}/non-associations", prisoner_non_associations)]
