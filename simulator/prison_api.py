"""Prison API (NOMIS): sentences and offences per booking, and the offender record with categorisation."""

from __future__ import annotations

from datetime import date, timedelta

from starlette.requests import Request
from starlette.routing import Route

from simulator.controls import Simulated, error_body, json_response, without_nulls
from simulator.population import Person, Population

SERVICE = "prison-api"
CATEGORIES = {"A": "Cat A", "B": "Cat B", "C": "Cat C", "D": "Cat D"}
REFERENCE_DOMAINS = {
    "PHONE_USAGE": [("MOB", "Mobile"), ("HOME", "Home"), ("BUS", "Business")],
    "ALERT": [
        (t, d)
        for t, d in {
            ("X", "Security"),
            ("H", "Self Harm"),
            ("M", "Medical"),
            ("R", "Risk"),
            ("V", "Vulnerability"),
            ("S", "Sexual Offence"),
            ("P", "MAPPP Case"),
            ("C", "Child Communication Measures"),
        }
    ],
    "ETHNICITY": [
        ("W1", "White: Eng./Welsh/Scot./N.Irish/British"),
        ("W2", "White: Irish"),
        ("A1", "Asian/Asian British: Indian"),
        ("B1", "Black/Black British: Caribbean"),
        ("NS", "Prefer not to say"),
    ],
}


def sentences_and_offences_json(p: Person) -> list[dict]:
    assert p.booking_id is not None, "only people with a NOMIS booking have NOMIS sentences"
    booking_id = p.booking_id
    return [
        without_nulls(
            {
                "bookingId": p.booking_id,
                "sentenceSequence": s.sequence,
                "lineSequence": s.sequence,
                "caseSequence": 1,
                "caseReference": f"T{s.sentence_date.year}{p.index:05d}",
                "courtDescription": "Sheffield Crown Court",
                "sentenceStatus": "A" if s.active else "I",
                "sentenceCategory": "2020",
                "sentenceCalculationType": s.calculation_type,
                "sentenceTypeDescription": s.description,
                "sentenceDate": s.sentence_date.isoformat(),
                "sentenceStartDate": s.sentence_date.isoformat(),
                "terms": [{"years": s.years, "months": s.months, "weeks": 0, "days": 0, "code": "IMP"}],
                "offences": [
                    {
                        "offenderChargeId": booking_id * 10 + s.sequence,
                        "offenceStartDate": s.sentence_date.isoformat(),
                        "offenceStatute": s.offence[0][:4],
                        "offenceCode": s.offence[0],
                        "offenceDescription": s.offence[1],
                        "indicators": [],
                    }
                ],
                "fineAmount": s.fine_amount,
            }
        )
        for s in p.nomis_sentences
    ]


def offender_json(p: Person) -> dict:
    code = p.category or "U"
    return without_nulls(
        {
            "offenderNo": p.prisoner_number,
            "bookingId": p.booking_id,
            "bookingNo": p.book_number,
            "offenderId": p.offender_id,
            "rootOffenderId": p.offender_id,
            "firstName": p.first_name.upper(),
            "lastName": p.last_name.upper(),
            "dateOfBirth": p.date_of_birth.isoformat(),
            "activeFlag": p.in_prison,
            "agencyId": p.prison_id,
            "category": CATEGORIES.get(code, "Unsentenced"),
            "categoryCode": code,
            "assessments": [
                {
                    "bookingId": p.booking_id,
                    "offenderNo": p.prisoner_number,
                    "classificationCode": code,
                    "classification": CATEGORIES.get(code, "Unsentenced"),
                    "assessmentCode": "CATEGORY",
                    "assessmentDescription": "Categorisation",
                    "cellSharingAlertFlag": False,
                    "assessmentDate": (p.reception_date.isoformat() if p.reception_date else None),
                    "nextReviewDate": None,
                    "assessmentAgencyId": p.last_prison_id,
                    "assessmentStatus": "A",
                    "assessmentSeq": 1,
                    "assessmentComment": "Initial categorisation",
                }
            ],
        }
    )


def offender_restrictions_json(p: Person, today: date) -> dict:
    """Visit restrictions, derived from the person so they are the same on every run: about one
    prisoner in seven has an active CCTV restriction, one in eleven an expired ban."""
    restrictions: list[tuple[str, str, date, date | None, str]] = []
    if p.index % 7 == 0:
        restrictions.append(("CCTV", "CCTV", today - timedelta(days=30 + p.index % 60), None, "Visits on camera"))
    if p.index % 11 == 0:
        start = today - timedelta(days=400 + p.index % 100)
        restrictions.append(("BAN", "Banned", start, start + timedelta(days=90), "Passed an item during a visit"))
    return {
        "bookingId": p.booking_id,
        "offenderRestrictions": [
            without_nulls(
                {
                    "restrictionId": 8000 + p.index * 10 + n,
                    "comment": comment,
                    "restrictionType": code,
                    "restrictionTypeDescription": description,
                    "startDate": start.isoformat(),
                    "expiryDate": expiry.isoformat() if expiry else None,
                    "active": start <= today and (expiry is None or expiry >= today),
                }
            )
            for n, (code, description, start, expiry, comment) in enumerate(restrictions)
        ],
    }


def visit_balances_json(p: Person, today: date) -> dict:
    """Derived from the person: 0 to 3 visit orders and 0 to 2 privilege visit orders left."""
    return {
        "remainingVo": p.index % 4,
        "remainingPvo": p.index % 3,
        "latestIepAdjustDate": (today - timedelta(days=p.index % 28)).isoformat(),
        "latestPrivIepAdjustDate": (today - timedelta(days=p.index % 56)).isoformat(),
    }


def routes(pop: Population, sim: Simulated) -> list[Route]:
    async def sentences_and_offences(request: Request):
        try:
            p = pop.by_booking_id.get(int(request.path_params["bookingId"]))
        except ValueError:
            p = None
        if p is None:
            return error_body(404, f"Resource with id [{request.path_params['bookingId']}] not found.")
        return json_response(sentences_and_offences_json(p))

    async def offender(request: Request):
        p = pop.by_prisoner_number.get(request.path_params["offenderNo"])
        if p is None:
            return error_body(404, f"Resource with id [{request.path_params['offenderNo']}] not found.")
        return json_response(offender_json(p))

    async def offender_restrictions(request: Request):
        p = pop.by_prisoner_number.get(request.path_params["offenderNo"])
        if p is None or p.booking_id is None:
            return error_body(404, f"Resource with id [{request.path_params['offenderNo']}] not found.")
        active_only = request.query_params.get("activeRestrictionsOnly", "true") != "false"
        answer = offender_restrictions_json(p, pop.today)
        if active_only:
            answer["offenderRestrictions"] = [r for r in answer["offenderRestrictions"] if r["active"]]
        return json_response(answer)

    async def visit_balances(request: Request):
        p = pop.by_prisoner_number.get(request.path_params["offenderNo"])
        if p is None or p.booking_id is None:
            return error_body(404, f"Resource with id [{request.path_params['offenderNo']}] not found.")
        return json_response(visit_balances_json(p, pop.today))

    async def reference_codes(request: Request):
        domain = request.path_params["domain"]
        if domain not in REFERENCE_DOMAINS:
            return error_body(404, f"Reference domain [{domain}] not found.")
        return json_response(
            [
                {
                    "domain": domain,
                    "code": c,
                    "description": d,
                    "activeFlag": "Y",
                    "listSeq": i,
                    "systemDataFlag": "N",
                    "subCodes": [],
                }
                for i, (c, d) in enumerate(sorted(REFERENCE_DOMAINS[domain]), start=1)
            ]
        )

    return [
        sim.endpoint(SERVICE, "GET", "/api/reference-domains/domains/{domain}/codes", reference_codes),
        sim.endpoint(
            SERVICE, "GET", "/api/offender-sentences/booking/{bookingId}/sentences-and-offences", sentences_and_offences
        ),
        sim.endpoint(SERVICE, "GET", "/api/offenders/{offenderNo}", offender),
        sim.endpoint(SERVICE, "GET", "/api/offenders/{offenderNo}/offender-restrictions", offender_restrictions),
        sim.endpoint(SERVICE, "GET", "/api/bookings/offenderNo/{offenderNo}/visit/balances", visit_balances),
    ]
