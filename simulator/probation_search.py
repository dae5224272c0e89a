"""Probation Offender Search: the probation (nDelius) view of a person."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.controls import Simulated, error_body, json_response
from simulator.population import Person, Population

SERVICE = "probation-search"


def offender_json(p: Person) -> dict:
    street, (town, county, _), postcode = p.address or ("", ("", "", ""), "")
    return {
        "offenderId": p.offender_id,
        "title": "Mr" if p.gender == "Male" else "Ms",
        "firstName": p.first_name,
        "middleNames": [p.middle_names] if p.middle_names else [],
        "surname": p.last_name,
        "dateOfBirth": p.date_of_birth.isoformat(),
        "gender": p.gender,
        "otherIds": {
            "crn": p.crn,
            "pncNumber": p.pnc_number,
            "croNumber": p.cro_number,
            "nomsNumber": p.prisoner_number,
            "mostRecentPrisonerNumber": p.book_number,
        },
        "contactDetails": {
            "phoneNumbers": [{"number": p.phone, "type": "MOBILE"}] if p.phone else [],
            "emailAddresses": [p.email] if p.email else [],
            "allowSMS": True,
            "addresses": [
                {
                    "id": p.offender_id * 10 + 1,
                    "from": min(s.date for s in p.supervisions).isoformat(),
                    "addressNumber": street.split(" ")[0],
                    "streetName": street.split(" ", 1)[-1],
                    "town": town,
                    "county": county,
                    "postcode": postcode,
                    "status": {"code": "M", "description": "Main"},
                }
            ]
            if street
            else [],
        },
        "offenderProfile": {
            "ethnicity": p.ethnicity,
            "nationality": "British",
            "religion": "No Religion",
            "sexualOrientation": p.sexual_orientation,
            "disabilities": p.disabilities,
            "offenderLanguages": {"primaryLanguage": "English", "requiresInterpreter": False},
        },
        "offenderAliases": [
            {"firstName": f, "surname": s, "dateOfBirth": d.isoformat(), "gender": p.gender} for f, s, d in p.aliases
        ],
        "softDeleted": False,
        "currentDisposal": "1" if any(s.active for s in p.supervisions) else "0",
        "currentRestriction": p.restricted,
        "restrictionMessage": p.restriction_message,
        "currentExclusion": p.excluded,
        "exclusionMessage": p.exclusion_message,
        "activeProbationManagedSentence": any(s.active for s in p.supervisions),
        "probationStatus": {
            "status": "CURRENT" if any(s.active for s in p.supervisions) else "PREVIOUSLY_KNOWN",
            "inBreach": False,
            "preSentenceActivity": False,
            "awaitingPsr": False,
        },
        "mappa": p.mappa,
    }


def routes(pop: Population, sim: Simulated) -> list[Route]:
    async def by_crns(request: Request):
        crns = await request.json()
        if not isinstance(crns, list) or not 1 <= len(crns) <= 512:
            return error_body(400, "Between 1 and 512 CRNs required")
        return json_response([offender_json(pop.by_crn[c]) for c in dict.fromkeys(crns) if c in pop.by_crn])

    async def by_noms_numbers(request: Request):
        numbers = await request.json()
        if not isinstance(numbers, list) or not 1 <= len(numbers) <= 512:
            return error_body(400, "Between 1 and 512 NOMS numbers required")
        found = (pop.by_prisoner_number.get(n) for n in dict.fromkeys(numbers))
        return json_response([offender_json(p) for p in found if p is not None and p.crn])

    async def search(request: Request):
        body = await request.json()
        first, last = (body.get("firstName") or "").lower(), (body.get("surname") or "").lower()
        dob, pnc = body.get("dateOfBirth"), body.get("pncNumber")
        crn, noms, aliases = body.get("crn"), body.get("nomsNumber"), bool(body.get("includeAliases"))
        if not any((first, last, dob, pnc, crn, noms, body.get("croNumber"))):
            return error_body(400, "Invalid search - please provide at least 1 search parameter")

        def matches(p: Person) -> bool:
            if (crn and p.crn != crn) or (noms and p.prisoner_number != noms) or (pnc and p.pnc_number != pnc):
                return False
            if body.get("croNumber") and p.cro_number != body["croNumber"]:
                return False
            return any(
                (not first or f == first) and (not last or s == last) and (not dob or d == dob)
                for f, s, d in p.names(aliases)
            )

        return json_response([offender_json(p) for p in pop.people if p.crn and matches(p)])

    return [
        sim.endpoint(SERVICE, "POST", "/crns", by_crns),
        sim.endpoint(SERVICE, "POST", "/nomsNumbers", by_noms_numbers),
        sim.endpoint(SERVICE, "POST", "/search", search),
    ]
