"""Prisoner Search (prisoner-offender-search): the prison's view of a person."""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.routing import Route

from simulator.controls import Simulated, error_body, json_response, without_nulls
from simulator.paging import page_params, spring_page
from simulator.population import PRISONS, Person, Population

SERVICE = "prisoner-search"


def is_youth_offender(p: Person) -> bool:
    """Received into custody before their 21st birthday (a young offender, in NOMIS's sense)."""
    if p.reception_date is None:
        return False
    born = p.date_of_birth
    return (
        p.reception_date.year - born.year - ((p.reception_date.month, p.reception_date.day) < (born.month, born.day))
    ) < 21


def prisoner_json(p: Person, today: date) -> dict:
    assert p.reception_date is not None, "everyone prisoner search knows was received into a prison"
    reception_date = p.reception_date
    return without_nulls(
        {
            "prisonerNumber": p.prisoner_number,
            "pncNumber": p.pnc_number,
            "pncNumberCanonicalShort": p.pnc_number[2:],
            "pncNumberCanonicalLong": p.pnc_number,
            "croNumber": p.cro_number,
            "bookingId": str(p.booking_id),
            "bookNumber": p.book_number,
            "firstName": p.first_name.upper(),
            "middleNames": (p.middle_names or "").upper() or None,
            "lastName": p.last_name.upper(),
            "dateOfBirth": p.date_of_birth.isoformat(),
            "gender": p.gender,
            "ethnicity": p.ethnicity,
            "raceCode": "W1",
            "youthOffender": is_youth_offender(p),
            "maritalStatus": "Single-not married/in civil partnership",
            "religion": "No Religion",
            "nationality": "British",
            "status": p.prison_status,
            "lastMovementTypeCode": "REL"
            if p.prison_id == "OUT"
            else ("TRN" if p.previous_prison_id or p.prison_id == "TRN" else "ADM"),
            "lastMovementReasonCode": "CR"
            if p.prison_id == "OUT"
            else ("NOTR" if p.previous_prison_id or p.prison_id == "TRN" else "24"),
            "inOutStatus": p.prison_id if p.prison_id in ("OUT", "TRN") else "IN",
            "prisonId": p.prison_id,
            "prisonName": "Transfer" if p.prison_id == "TRN" else PRISONS.get(p.prison_id or "", "Outside"),
            "lastPrisonId": p.last_prison_id,
            "previousPrisonId": p.previous_prison_id,
            "previousPrisonLeavingDate": p.previous_prison_leaving_date.isoformat()
            if p.previous_prison_leaving_date
            else None,
            "cellLocation": p.cell_location if p.in_prison else None,
            "aliases": [
                {
                    "firstName": f.upper(),
                    "lastName": s.upper(),
                    "dateOfBirth": d.isoformat(),
                    "gender": p.gender,
                    "ethnicity": p.ethnicity,
                }
                for f, s, d in p.aliases
            ],
            "alerts": [
                {
                    "alertType": a.type,
                    "alertCode": a.code,
                    "active": a.is_active(today),
                    "expired": not a.is_active(today),
                }
                for a in p.alerts
            ],
            "csra": p.csra,
            "category": p.category,
            "legalStatus": p.legal_status,
            "mostSeriousOffence": p.nomis_sentences[0].offence[1] if p.nomis_sentences else "Not known",
            "restrictedPatient": False,
            "receptionDate": p.reception_date.isoformat() if p.reception_date else None,
            "releaseDate": p.release_date.isoformat() if p.release_date else None,
            "locationDescription": "Outside - released from " + PRISONS[p.last_prison_id]
            if p.prison_id == "OUT" and p.last_prison_id
            else "Transfer"
            if p.prison_id == "TRN"
            else PRISONS.get(p.prison_id or ""),
            "identifiers": [{"type": "PNC", "value": p.pnc_number}, {"type": "CRO", "value": p.cro_number}],
            "currentIncentive": {
                "level": {"code": p.incentive[0], "description": p.incentive[1]},
                "dateTime": f"{reception_date.isoformat()}T10:00:00",
                "nextReviewDate": (
                    reception_date.replace(year=reception_date.year + 1)
                    if not (reception_date.month == 2 and reception_date.day == 29)
                    else reception_date
                ).isoformat(),
            }
            if p.incentive
            else None,
        }
    )


def routes(pop: Population, sim: Simulated) -> list[Route]:
    rendered: dict[int, dict] = {}  # the population never changes: render each prisoner once

    def render(p: Person) -> dict:
        found = rendered.get(p.index)
        if found is None:
            found = rendered[p.index] = prisoner_json(p, pop.today)
        return found

    async def prisoner(request: Request):
        p = pop.by_prisoner_number.get(request.path_params["id"])
        if p is None:
            return error_body(404, f"Prisoner not found {request.path_params['id']}", SERVICE)
        return json_response(render(p))

    async def prisoner_numbers(request: Request):
        body = await request.json()
        numbers = body.get("prisonerNumbers") if isinstance(body, dict) else None
        if not isinstance(numbers, list) or not 1 <= len(numbers) <= 1000:
            return error_body(400, "prisonerNumbers must hold between 1 and 1000 prisoner numbers", SERVICE)
        found = [pop.by_prisoner_number[n] for n in dict.fromkeys(numbers) if n in pop.by_prisoner_number]
        return json_response([render(p) for p in reversed(found)])  # order is not promised: don't

    async def prison_prisoners(request: Request):
        page, size = page_params(request)
        people = sorted(
            pop.prisoners_in(request.path_params["prisonId"]),
            key=lambda p: (p.last_name, p.first_name, p.prisoner_number),
        )
        term = request.query_params.get("term", "").lower()
        if term:
            people = [p for p in people if term in f"{p.first_name} {p.last_name} {p.prisoner_number}".lower()]
        prefix = request.query_params.get("cellLocationPrefix")
        if prefix:
            people = [p for p in people if (p.cell_location or "").startswith(prefix)]
        return json_response(spring_page(people, page, size, render))

    async def global_search(request: Request):
        body = await request.json()
        page, size = page_params(request)
        first, last = (body.get("firstName") or "").lower(), (body.get("lastName") or "").lower()
        dob, aliases = body.get("dateOfBirth"), bool(body.get("includeAliases"))
        ident = (body.get("prisonerIdentifier") or "").upper()
        location = body.get("location") or "ALL"

        def matches(p: Person) -> bool:
            if ident and ident not in (p.prisoner_number, p.pnc_number, p.cro_number, str(p.booking_id)):
                return False
            if (location == "IN" and not p.in_prison) or (location == "OUT" and p.prison_id != "OUT"):
                return False
            return any(
                (not first or f == first) and (not last or s == last) and (not dob or d == dob)
                for f, s, d in p.names(aliases)
            )

        if not (first or last or dob or ident):
            return error_body(400, "Invalid search - please provide at least 1 search parameter", SERVICE)
        people = [p for p in pop.people if p.prisoner_number and matches(p)]
        return json_response(spring_page(people, page, size, render))

    async def attribute_search(request: Request):
        body = await request.json()
        if not isinstance(body, dict) or not isinstance(body.get("queries"), list):
            return error_body(400, "queries are required", SERVICE)
        page, size = page_params(request)
        try:
            people = [p for p in pop.people if p.prisoner_number and _matches_query(render(p), body)]
        except (KeyError, TypeError, ValueError) as exc:
            return error_body(400, f"Invalid attribute search: {exc}", SERVICE)
        people.sort(key=lambda p: (p.last_name, p.first_name, p.prisoner_number))
        return json_response(spring_page(people, page, size, render))

    return [
        sim.endpoint(SERVICE, "POST", "/attribute-search", attribute_search),
        sim.endpoint(SERVICE, "GET", "/prisoner/{id}", prisoner),
        sim.endpoint(SERVICE, "POST", "/prisoner-search/prisoner-numbers", prisoner_numbers),
        sim.endpoint(SERVICE, "GET", "/prison/{prisonId}/prisoners", prison_prisoners),
        sim.endpoint(SERVICE, "POST", "/global-search", global_search),
    ]


def _values(record: dict, attribute: str) -> list:
    """`aliases.lastName` -> every alias's lastName."""
    head, _, rest = attribute.partition(".")
    value = record.get(head)
    if rest:
        items = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
        return [v for item in items for v in _values(item, rest)]
    return [value]


def _matches(record: dict, matcher: dict) -> bool:
    kind = matcher["type"]
    if kind == "String":
        term, condition = str(matcher["searchTerm"]).upper(), matcher["condition"]
        values = [str(v).upper() for v in _values(record, matcher["attribute"]) if v is not None]
        if condition == "IS":
            return term in values
        if condition == "IS_NOT":
            return term not in values
        if condition == "IN":
            return bool(set(t.strip() for t in term.split(",")) & set(values))
        if condition == "CONTAINS":
            return any(term in v for v in values)
        if condition == "STARTSWITH":
            return any(v.startswith(term) for v in values)
        raise ValueError(f"unknown condition {condition}")
    if kind == "Date":
        values = [v for v in _values(record, matcher["attribute"]) if v]
        low, high = matcher.get("minValue"), matcher.get("maxValue")
        return any((low is None or v >= low) and (high is None or v <= high) for v in values)
    if kind == "PNC":
        return (
            record.get("pncNumber") == matcher["pncNumber"]
            or record.get("pncNumberCanonicalShort") == matcher["pncNumber"]
        )
    if kind == "Boolean":
        return bool(record.get(matcher["attribute"])) == bool(matcher["condition"])
    raise ValueError(f"unsupported matcher type {kind}")


def _matches_query(record: dict, query: dict) -> bool:
    results = [_matches(record, m) for m in query.get("matchers") or []]
    results += [_matches_query(record, q) for q in query.get("subQueries") or []]
    results += [_matches_query(record, q) for q in query.get("queries") or []]
    if not results:
        return True
    return all(results) if query.get("joinType", "AND") == "AND" else any(results)
