"""Manage Adjudications: each prisoner's reported adjudications, derived from the person."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from starlette.requests import Request
from starlette.routing import Route

from simulator.controls import Simulated, json_response
from simulator.population import Person, Population, stable_uuid

SERVICE = "adjudications"
# (offence code, paragraph, what it forbids): a few of the Prison Rules 51 paragraphs.
OFFENCES = [
    (1001, "1", "Commits any assault"),
    (4001, "4", "Fights with any person"),
    (12101, "12", "Has in his possession any unauthorised article"),
    (16001, "16", "Intentionally or recklessly sets fire to any part of a prison"),
]


def _adjudication(p: Person, n: int, incident: datetime, proved: bool) -> dict:
    code, paragraph, description = OFFENCES[(p.index + n) % len(OFFENCES)]
    agency = p.prison_id if p.in_prison else (p.last_prison_id or "MDI")
    rule = {"paragraphNumber": paragraph, "paragraphDescription": description}
    hearing = {
        "id": p.index * 10 + n,
        "locationUuid": stable_uuid("adjudication hearing room", agency),
        "dateTimeOfHearing": (incident + timedelta(days=2)).isoformat(),
        "oicHearingType": "GOV_ADULT",
        "agencyId": agency,
        "outcome": {
            "adjudicator": "GOVERNOR_GEN",
            "code": "COMPLETE",
            "plea": "GUILTY" if proved else "NOT_GUILTY",
        },
    }
    outcome = {"code": "CHARGE_PROVED" if proved else "DISMISSED", "canRemove": False}
    punishment_start = incident.date() + timedelta(days=3)
    return {
        "chargeNumber": f"{1500000 + p.index * 10 + n}",
        "prisonerNumber": p.prisoner_number,
        "gender": "FEMALE" if p.gender.upper().startswith("F") else "MALE",
        "incidentDetails": {
            "locationUuid": stable_uuid("adjudication incident", p.index, n),
            "dateTimeOfIncident": incident.isoformat(),
            "dateTimeOfDiscovery": incident.isoformat(),
            "handoverDeadline": (incident + timedelta(days=2)).isoformat(),
        },
        "isYouthOffender": False,
        "incidentRole": {"roleCode": None, "offenceRule": None},
        "offenceDetails": {"offenceCode": code, "offenceRule": rule, "protectedCharacteristics": []},
        "incidentStatement": {"statement": "Statement recorded by the reporting officer.", "completed": True},
        "createdByUserId": "OFFICER_GEN",
        "createdDateTime": incident.isoformat(),
        "status": "CHARGE_PROVED" if proved else "DISMISSED",
        "damages": [],
        "evidence": [],
        "witnesses": [],
        "hearings": [hearing],
        "disIssueHistory": [],
        "outcomes": [{"hearing": hearing, "outcome": {"outcome": outcome}}],
        "punishments": [
            {
                "type": "PRIVILEGE",
                "privilegeType": "TV",
                "schedule": {
                    "days": 14,
                    "measurement": "DAYS",
                    "startDate": punishment_start.isoformat(),
                    "endDate": (punishment_start + timedelta(days=13)).isoformat(),
                },
                "canRemove": False,
                "canEdit": False,
                "rehabilitativeActivities": [],
            }
        ]
        if proved
        else [],
        "punishmentComments": [],
        "outcomeEnteredInNomis": False,
        "originatingAgencyId": agency,
        "linkedChargeNumbers": [],
        "canActionFromHistory": False,
    }


def reported_adjudications_json(p: Person, pop: Population) -> list[dict]:
    """One prisoner in six has a proved charge; one in eighteen also an older dismissed one."""
    if p.booking_id is None or p.index % 6 != 0:
        return []
    recent = datetime.combine(pop.today - timedelta(days=20 + p.index % 40), time(14, 30))
    found = [_adjudication(p, 0, recent, proved=True)]
    if p.index % 18 == 0:
        found.append(_adjudication(p, 1, recent - timedelta(days=200), proved=False))
    return found


def routes(pop: Population, sim: Simulated) -> list[Route]:
    async def for_prisoner(request: Request):
        # The service queries by prisoner number: an unknown one has no adjudications, not a 404.
        p = pop.by_prisoner_number.get(request.path_params["prisonerNumber"])
        return json_response(reported_adjudications_json(p, pop) if p else [])

    return [sim.endpoint(SERVICE, "GET", "/reported-adjudications/prisoner/{prisonerNumber}", for_prisoner)]
