"""The Delius integration for the Integration API: supervisions (sentences, MAPPA, dynamic risks) and access."""

from __future__ import annotations

from datetime import date, timedelta

from starlette.requests import Request
from starlette.routing import Route

from simulator.controls import Simulated, error_body, json_response, without_nulls
from simulator.population import Person, Population

SERVICE = "delius"
PROBATION_REFERENCE_DATA = {
    "GENDER": [("M", "Male"), ("F", "Female"), ("N", "Not Specified")],
    "PHONE_TYPE": [("MOBILE", "Mobile"), ("TELEPHONE", "Telephone")],
    "REGISTER_TYPE": [
        (code, desc)
        for code, desc in [
            ("RCCO", "Child Concerns"),
            ("RDVR", "Domestic Abuse Perpetrator"),
            ("RHRH", "High RoSH"),
            ("RCPS", "Child Protection"),
            ("RVLN", "Violence"),
        ]
    ],
}


def supervisions_json(p: Person) -> dict:
    return without_nulls(
        {
            "communityManager": {
                "code": f"N07T{p.index % 90:02d}",
                "name": {"forename": "Alex", "surname": "Practitioner"},
                "username": f"PRACT{p.index % 90:02d}",
                "email": "practitioner@justice.gov.uk",
                "telephoneNumber": "0300 123 4567",
                "team": {
                    "code": "N07T01",
                    "description": "Sheffield OMU",
                    "email": "omu@justice.gov.uk",
                    "telephoneNumber": "0300 123 4567",
                    "provider": {"code": "N07", "description": "London"},
                },
                "allocated": True,
            },
            "mappaDetail": p.mappa,
            "supervisions": [
                {
                    "number": s.number,
                    "active": s.active,
                    "date": s.date.isoformat(),
                    "sentence": {
                        "description": s.description,
                        "date": s.date.isoformat(),
                        "length": s.length,
                        "lengthUnits": s.length_units,
                        "custodial": s.custodial,
                    },
                    "mainOffence": {
                        "date": s.date.isoformat(),
                        "count": 1,
                        "code": s.offence[0],
                        "description": s.offence[1],
                        "mainCategory": {"code": s.offence[0][:3], "description": s.offence[2]},
                        "subCategory": {"code": s.offence[0][3:], "description": s.offence[3]},
                        "schedule15SexualOffence": False,
                        "schedule15ViolentOffence": s.offence[2] == "Violence",
                    },
                    "additionalOffences": [],
                    "courtAppearances": [
                        {
                            "type": "Sentence",
                            "date": f"{s.date.isoformat()}T10:00:00Z",
                            "court": "Sheffield Magistrates Court",
                            "plea": "Guilty",
                        }
                    ],
                }
                for s in p.supervisions
            ],
            "dynamicRisks": p.dynamic_risks,
            "personStatus": p.person_statuses,
        }
    )


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def case_details_json(p: Person, event_number: int, today: date) -> dict | None:
    """The EPF view of one event: its court and sentence as the supervisions list them, the provider of
    the community manager, the latest OASys predictor scores."""
    s = next((s for s in p.supervisions if s.number == event_number), None)
    if s is None:
        return None
    court = {"name": "Sheffield Magistrates Court"}  # the court of the supervision's sentencing appearance
    release = p.release_date if s.custodial else None
    expected = (s.date + timedelta(days=30 * s.length // 2)) if s.custodial and s.length_units == "Months" else None
    scores = p.predictors[0] if p.predictors else None
    return without_nulls(
        {
            "nomsId": p.prisoner_number,
            "name": {"forename": p.first_name, "middleName": p.middle_names, "surname": p.last_name},
            "dateOfBirth": p.date_of_birth.isoformat(),
            "gender": p.gender,
            "courtAppearance": {"date": s.date.isoformat(), "court": court},
            "sentence": {
                "date": s.date.isoformat(),
                "sentencingCourt": court,
                "releaseDate": release.isoformat() if release else None,
                "expectedReleaseDate": expected.isoformat() if expected else None,
            },
            "responsibleProvider": {"code": "N07", "name": "London"},
            "ogrsScore": scores["groupReconvictionScore"]["twoYears"] if scores else None,
            "rsrScore": scores["riskOfSeriousRecidivismScore"]["percentageScore"] if scores else None,
            "age": _age(p.date_of_birth, today),
            "ageAtRelease": _age(p.date_of_birth, release) if release else None,
        }
    )


def addresses_json(p: Person) -> dict:
    if p.address is None:
        return {"contactDetails": {"addresses": []}}
    street, (town, county, _), postcode = p.address
    number, _, street_name = street.partition(" ")
    return {
        "contactDetails": {
            "addresses": [
                {
                    "noFixedAbode": False,
                    "type": {"code": "MAIN", "description": "Main address"},
                    "addressNumber": number,
                    "streetName": street_name,
                    "town": town,
                    "county": county,
                    "postcode": postcode,
                    "from": (p.supervisions[-1].date if p.supervisions else p.date_of_birth).isoformat(),
                    "notes": "Verified by the probation practitioner",
                }
            ]
        }
    }


def routes(pop: Population, sim: Simulated) -> list[Route]:
    async def supervisions(request: Request):
        p = pop.by_crn.get(request.path_params["crn"])
        if p is None:
            return error_body(404, f"Person with crn of {request.path_params['crn']} not found")
        return json_response(supervisions_json(p))

    async def access(request: Request):
        body = await request.json()
        crns = body.get("crns") if isinstance(body, dict) else None
        if not isinstance(crns, list) or not 1 <= len(crns) <= 500:
            return error_body(400, "crns must hold between 1 and 500 CRNs")
        found = (pop.by_crn.get(c) for c in dict.fromkeys(crns))
        return json_response(
            {
                "access": [
                    without_nulls(
                        {
                            "crn": p.crn,
                            "userExcluded": p.excluded,
                            "userRestricted": p.restricted,
                            "exclusionMessage": p.exclusion_message,
                            "restrictionMessage": p.restriction_message,
                        }
                    )
                    for p in found
                    if p is not None
                ]
            }
        )

    async def reference_data(request: Request):
        return json_response(
            {
                "probationReferenceData": {
                    category: [{"code": c, "description": d} for c, d in values]
                    for category, values in PROBATION_REFERENCE_DATA.items()
                }
            }
        )

    async def addresses(request: Request):
        p = pop.by_crn.get(request.path_params["crn"])
        if p is None:
            return error_body(404, f"Person with crn of {request.path_params['crn']} not found", SERVICE)
        return json_response(addresses_json(p))

    async def case_details(request: Request):
        p = pop.by_crn.get(request.path_params["crn"])
        try:
            event_number = int(request.path_params["eventNumber"])
        except ValueError:
            return error_body(400, "eventNumber must be a number", SERVICE)
        found = case_details_json(p, event_number, pop.today) if p else None
        if found is None:
            return error_body(404, f"Event {event_number} of crn {request.path_params['crn']} not found", SERVICE)
        return json_response(found)

    return [
        sim.endpoint(SERVICE, "GET", "/case-details/{crn}/{eventNumber}", case_details),
        sim.endpoint(SERVICE, "GET", "/case/{crn}/addresses", addresses),
        sim.endpoint(SERVICE, "GET", "/reference-data", reference_data),
        sim.endpoint(SERVICE, "GET", "/case/{crn}/supervisions", supervisions),
        sim.endpoint(SERVICE, "POST", "/probation-cases/access", access),
    ]
