"""Visits orchestration (manage prison visits)."""

from __future__ import annotations

from datetime import datetime, timedelta

from starlette.requests import Request
from starlette.routing import Route

from simulator.controls import Simulated, error_body, json_response, without_nulls
from simulator.paging import page_params, spring_page
from simulator.population import PRISONS, Person, Population, Visit

SERVICE = "visits"


def visit_json(p: Person, v: Visit) -> dict:
    booked = (v.start - timedelta(days=10)).isoformat()
    return without_nulls(
        {
            "applicationReference": v.application_reference,
            "reference": v.reference,
            "prisonerId": p.prisoner_number,
            "prisonId": v.prison_id,
            "prisonName": PRISONS.get(v.prison_id),
            "sessionTemplateReference": f"{v.reference[:3]}.{v.reference[3:5]}",
            "visitRoom": v.room,
            "visitType": "SOCIAL",
            "visitStatus": "BOOKED",
            "outcomeStatus": None,
            "visitRestriction": v.restriction,
            "startTimestamp": v.start.isoformat(),
            "endTimestamp": (v.start + timedelta(hours=1)).isoformat(),
            "visitNotes": [],
            "visitContact": {"name": v.visit_contact_name, "telephone": v.visit_contact_phone, "email": None},
            "visitors": [{"nomisPersonId": cid, "visitContact": i == 0} for i, cid in enumerate(v.visitor_contact_ids)],
            "visitorSupport": None,
            "createdTimestamp": booked,
            "modifiedTimestamp": booked,
            "firstBookedDateTime": booked,
            "visitExternalSystemDetails": external_system(v),
        }
    )


def external_system(v: Visit) -> dict | None:
    """About one visit in four (by its reference's last letter) was booked through a partner's system."""
    if ord(v.reference[-1]) % 4 != 0:
        return None
    return {"clientName": "visits-partner", "clientVisitReference": f"VP-{v.reference.upper()}"}


def routes(pop: Population, sim: Simulated) -> list[Route]:
    async def future(request: Request):
        p = pop.by_prisoner_number.get(request.path_params["prisonerId"])
        now = datetime.now()
        visits = sorted((v for v in p.visits if v.start > now), key=lambda v: v.start) if p else []
        return json_response([visit_json(p, v) for v in visits] if p else [])

    async def search(request: Request):
        q = request.query_params
        page, size = page_params(request)
        found = [
            (p, v)
            for p, v in pop.visits_by_reference.values()
            if (not q.get("prisonId") or v.prison_id == q["prisonId"])
            and (not q.get("prisonerId") or p.prisoner_number == q["prisonerId"])
            and (not q.get("visitStartDate") or v.start.date().isoformat() >= q["visitStartDate"])
            and (not q.get("visitEndDate") or v.start.date().isoformat() <= q["visitEndDate"])
            and "BOOKED" in q.getlist("visitStatus")  # every simulated visit is booked
        ]
        found.sort(key=lambda pv: pv[1].start)
        return json_response(spring_page(found, page, size, lambda pv: visit_json(*pv)))

    async def by_reference(request: Request):
        found = pop.visits_by_reference.get(request.path_params["reference"])
        if found is None:
            return error_body(404, f"Visit reference {request.path_params['reference']} not found", SERVICE)
        return json_response(visit_json(*found))

    return [
        sim.endpoint(SERVICE, "GET", "/visits/search/future/{prisonerId}", future),
        sim.endpoint(SERVICE, "GET", "/visits/search", search),
        sim.endpoint(SERVICE, "GET", "/visits/{reference}", by_reference),  # after /visits/search, which it would match
    ]
