"""Prisoner Alerts API."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.controls import Simulated, error_body, json_response, without_nulls
from simulator.paging import page_params, spring_page
from simulator.population import Alert, Person, Population

SERVICE = "alerts"


def alert_json(p: Person, a: Alert, today) -> dict:
    return without_nulls(
        {
            "alertUuid": a.uuid,
            "prisonNumber": p.prisoner_number,
            "alertCode": {
                "alertTypeCode": a.type,
                "alertTypeDescription": a.type_description,
                "code": a.code,
                "description": a.description,
            },
            "description": a.comment,
            "authorisedBy": None,
            "activeFrom": a.active_from.isoformat(),
            "activeTo": a.active_to.isoformat() if a.active_to else None,
            "isActive": a.is_active(today),
            "createdAt": a.created_at.isoformat(),
            "createdBy": a.created_by,
            "createdByDisplayName": "Generated User",
            "lastModifiedAt": None,
            "lastModifiedBy": None,
            "lastModifiedByDisplayName": None,
            "activeToLastSetAt": None,
            "activeToLastSetBy": None,
            "activeToLastSetByDisplayName": None,
            "prisonCodeWhenCreated": p.last_prison_id,
        }
    )


def routes(pop: Population, sim: Simulated) -> list[Route]:
    def alerts_of(p: Person, include_inactive: bool) -> list[dict]:
        return [alert_json(p, a, pop.today) for a in p.alerts if include_inactive or a.is_active(pop.today)]

    async def by_prison_numbers(request: Request):
        numbers = await request.json()
        if not isinstance(numbers, list) or len(numbers) > 1000:
            return error_body(400, "A list of at most 1000 prison numbers is required")
        include_inactive = request.query_params.get("includeInactive", "false") == "true"
        found = (pop.by_prisoner_number.get(n) for n in dict.fromkeys(numbers))
        return json_response({"content": [a for p in found if p is not None for a in alerts_of(p, include_inactive)]})

    async def prisoner_alerts(request: Request):
        p = pop.by_prisoner_number.get(request.path_params["prisonNumber"])
        page, size = page_params(request, default_size=2000)
        include_inactive = request.query_params.get("isActive") != "true"
        return json_response(spring_page(alerts_of(p, include_inactive) if p else [], page, size))

    return [
        sim.endpoint(SERVICE, "POST", "/search/alerts/prison-numbers", by_prison_numbers),
        sim.endpoint(SERVICE, "GET", "/prisoners/{prisonNumber}/alerts", prisoner_alerts),
    ]
