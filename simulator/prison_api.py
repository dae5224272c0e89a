"""Prison API (NOMIS): sentences and offences per booking, and the offender record with categorisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from simulator.controls import Simulated, error_body, json_response, without_nulls
from simulator.jpeg import blocks_jpeg
from simulator.population import PRISONS, Person, Population

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
    "SEX": [
        ("M", "Male"),
        ("F", "Female"),
        ("NK", "Not Known / Not Recorded"),
        ("NS", "Not Specified (Indeterminate)"),
    ],
    "ADDRESS_TYPE": [("HOME", "Home Address"), ("BUS", "Business Address"), ("WORK", "Work Address")],
    "HEALTH_TREAT": [
        ("WHEELCHR_ACC", "Wheelchair accessibility"),
        ("PEEP", "Personal Emergency Evacuation Plan"),
        ("AMP TEL", "Amplified telephone"),
    ],
    "ADDR_TYPE": [("HDC", "HDC Address"), ("RELEASE", "Release Address"), ("RES", "Residential Address")],
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


def offence_history_json(p: Person) -> list[dict]:
    """The offences behind the person's NOMIS sentences (one booking here), as convictions; the latest
    court date is the sentencing hearing. Every other one was committed over a period (offenceRangeDate)."""
    return [
        without_nulls(
            {
                "bookingId": p.booking_id,
                "offenceDate": s.sentence_date.isoformat(),
                "offenceRangeDate": (s.sentence_date + timedelta(days=14)).isoformat() if s.sequence % 2 == 0 else None,
                "offenceDescription": s.offence[1],
                "offenceCode": s.offence[0],
                "statuteCode": s.offence[0][:4],
                "mostSerious": s.sequence == 1,
                "primaryResultCode": "1002",
                "primaryResultDescription": "Imprisonment",
                "primaryResultConviction": True,
                "courtDate": s.sentence_date.isoformat(),
                "caseId": p.index * 10 + 1,
                "sentenceStartDate": s.sentence_date.isoformat(),
                "primarySentence": True,
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
            "activeFlag": p.in_custody,
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


def sentence_calc_dates_json(p: Person, today: date) -> dict:
    """Key dates derived from the person's reception (and release) dates: a sentence of two to six
    years from reception, conditional release half way, licence to its end; one in four has an
    overridden CRD, one in three an HDC eligibility date."""
    start = p.reception_date or today
    years = 2 + p.index % 5
    expiry = start + timedelta(days=365 * years)
    crd = start + timedelta(days=365 * years // 2)
    override = crd - timedelta(days=14) if p.index % 4 == 0 else None
    hdced = crd - timedelta(days=135) if p.index % 3 == 0 else None
    release = p.release_date or override or crd
    return without_nulls(
        {
            "bookingId": p.booking_id,
            "sentenceStartDate": start.isoformat(),
            "sentenceExpiryDate": expiry.isoformat(),
            "sentenceExpiryCalculatedDate": expiry.isoformat(),
            "effectiveSentenceEndDate": expiry.isoformat(),
            "conditionalReleaseDate": (override or crd).isoformat(),
            "conditionalReleaseOverrideDate": override.isoformat() if override else None,
            "licenceExpiryDate": expiry.isoformat(),
            "licenceExpiryCalculatedDate": expiry.isoformat(),
            "homeDetentionCurfewEligibilityDate": hdced.isoformat() if hdced else None,
            "homeDetentionCurfewEligibilityCalculatedDate": hdced.isoformat() if hdced else None,
            "nonDtoReleaseDate": (override or crd).isoformat(),
            "nonDtoReleaseDateType": "CRD",
            "releaseDate": release.isoformat(),
            "confirmedReleaseDate": p.release_date.isoformat() if p.release_date else None,
            "topupSupervisionStartDate": expiry.isoformat() if years == 2 else None,
            "topupSupervisionExpiryDate": (expiry + timedelta(days=365)).isoformat() if years == 2 else None,
        }
    )


def offender_sentence_detail_json(p: Person, today: date) -> dict:
    prison = p.prison_id if p.in_prison else (p.last_prison_id or "OUT")
    return {
        "bookingId": p.booking_id,
        "offenderNo": p.prisoner_number,
        "firstName": p.first_name.upper(),
        "lastName": p.last_name.upper(),
        "dateOfBirth": p.date_of_birth.isoformat(),
        "agencyLocationId": prison,
        "agencyLocationDesc": PRISONS.get(prison or "", "Outside"),
        "internalLocationDesc": f"{prison}-{p.cell_location}" if p.in_prison else "",
        "mostRecentActiveBooking": p.in_custody,
        "sentenceDetail": sentence_calc_dates_json(p, today),
    }


def sentence_summary_json(p: Person) -> dict:
    """Adjustments derived from the person: remand for most, additional days for one in six (those the
    adjudications simulator gives a proved charge), unlawfully at large for one in ten."""
    adjustments = without_nulls(
        {
            "remand": 10 + p.index % 90 if p.index % 5 else None,
            "additionalDaysAwarded": 14 if p.index % 6 == 0 else None,
            "unlawfullyAtLarge": 3 if p.index % 10 == 0 else None,
        }
    )
    return {
        "prisonerNumber": p.prisoner_number,
        "latestPrisonTerm": {
            "bookNumber": p.book_number,
            "bookingId": p.booking_id,
            "courtSentences": [],
            "licenceSentences": [],
            "sentenceAdjustments": adjustments,
        },
    }


def reasonable_adjustments_json(p: Person) -> list[dict]:
    """Derived from the index, so the population stays as generated: one prisoner in nine uses a wheelchair,
    another in nine has an evacuation plan too (ended, for one in two of them)."""
    assert p.booking_id is not None and p.reception_date is not None, "only people booked into prison have them"
    agency = {"agencyId": p.prison_id if p.prison_id in PRISONS else "MDI"}
    start = p.reception_date.isoformat()
    if p.index % 9 == 0:
        return [{"treatmentCode": "WHEELCHR_ACC", "commentText": "Ground floor cell", "startDate": start, **agency}]
    if p.index % 9 == 3:
        ended = (p.reception_date + timedelta(days=90)).isoformat() if p.index % 2 else None
        return [
            {"treatmentCode": "WHEELCHR_ACC", "commentText": "Ramp access", "startDate": start, **agency},
            without_nulls({"treatmentCode": "PEEP", "startDate": start, "endDate": ended, **agency}),
        ]
    return []


def nomis_addresses_json(p: Person) -> list[dict]:
    """The prisoner's home address as NOMIS holds it (the one probation holds too): the house number in
    `premise`, as NOMIS records it; a released person's is also their release address."""
    if p.address is None:
        return []
    street, (town, county, _), postcode = p.address
    number, _, street_name = street.partition(" ")
    since = date(p.date_of_birth.year + 18, p.date_of_birth.month, 1)  # from when they left home
    released = p.prison_id == "OUT"
    usages = [{"addressUsage": "RELEASE", "addressUsageDescription": "Release Address", "activeFlag": True}]
    return [
        without_nulls(
            {
                "addressId": 9_000_000 + p.index,
                "addressType": "HOME",
                "premise": number,
                "street": street_name,
                "town": town,
                "county": county,
                "postalCode": postcode,
                "country": "England",
                "primary": True,
                "mail": True,
                "noFixedAddress": False,
                "startDate": since.isoformat(),
                "phones": [],
                "addressUsages": usages if released else [],
            }
        )
    ]


FIRST_IMAGE_ID = 1_000_000  # image ids: FIRST_IMAGE_ID + person index * 10 + the image's number (0 to 2)


@dataclass(frozen=True)
class Image:
    number: int
    view: str
    orientation: str
    type: str
    taken: datetime
    active: bool

    def image_id(self, p: Person) -> int:
        return FIRST_IMAGE_ID + p.index * 10 + self.number


def images_of(p: Person, today: date) -> list[Image]:
    """What NOMIS holds, derived from the person: a photograph at reception (the active one), for one
    in three an older photograph from a previous booking, for one in five a tattoo recorded at reception."""
    if p.booking_id is None or p.reception_date is None:
        return []
    received = datetime.combine(p.reception_date, time(10, 30 + p.index % 30))
    found = [Image(0, "FACE", "FRONT", "OFF_BKG", received, True)]
    if p.index % 3 == 0:
        found.append(Image(1, "FACE", "FRONT", "OFF_BKG", received - timedelta(days=900 + p.index % 400), False))
    if p.index % 5 == 0:
        found.append(Image(2, "TAT", "ARM", "OFF_IDM", received + timedelta(minutes=12), True))
    return [i for i in found if i.taken.date() <= today]


def image_json(p: Person, image: Image) -> dict:
    return {
        "imageId": image.image_id(p),
        "active": image.active,
        "captureDate": image.taken.date().isoformat(),
        "captureDateTime": image.taken.isoformat(timespec="seconds"),
        "imageView": image.view,
        "imageOrientation": image.orientation,
        "imageType": image.type,
        "objectId": p.booking_id,
    }


def image_jpeg(p: Person, image: Image) -> bytes:
    """A small greyscale picture (48x64 pixels), the same for the same image on every run: a face on a
    plain background for a photograph, a band of ink for a tattoo."""
    background, tone = 200 + p.index % 40, 120 + (p.index * 37 + image.number * 11) % 80
    if image.view == "TAT":
        return blocks_jpeg(6, [tone if row == 4 else tone + 60 - 30 * (row % 2) for row in range(8) for _ in range(6)])
    shades = []
    for row in range(8):
        for column in range(6):
            face = 1 <= row <= 6 and 1 <= column <= 4
            eye = row == 3 and column in (2, 3)
            shades.append(40 if eye else tone if face else background)
    return blocks_jpeg(6, shades)


def not_found(request: Request, parameter: str) -> JSONResponse:
    """Prison API's 404 for an id in the path it does not know."""
    return error_body(404, f"Resource with id [{request.path_params[parameter]}] not found.")


def routes(pop: Population, sim: Simulated) -> list[Route]:
    def booked(request: Request) -> Person | None:
        try:
            return pop.by_booking_id.get(int(request.path_params["bookingId"]))
        except ValueError:
            return None

    async def sentences_and_offences(request: Request):
        p = booked(request)
        if p is None:
            return not_found(request, "bookingId")
        return json_response(sentences_and_offences_json(p))

    async def offender(request: Request):
        p = pop.by_prisoner_number.get(request.path_params["offenderNo"])
        if p is None:
            return not_found(request, "offenderNo")
        return json_response(offender_json(p))

    async def offence_history(request: Request):
        p = pop.by_prisoner_number.get(request.path_params["offenderNo"])
        if p is None:
            return not_found(request, "offenderNo")
        return json_response(offence_history_json(p) if p.booking_id is not None else [])

    async def offender_restrictions(request: Request):
        p = pop.by_prisoner_number.get(request.path_params["offenderNo"])
        if p is None or p.booking_id is None:
            return not_found(request, "offenderNo")
        active_only = request.query_params.get("activeRestrictionsOnly", "true") != "false"
        answer = offender_restrictions_json(p, pop.today)
        if active_only:
            answer["offenderRestrictions"] = [r for r in answer["offenderRestrictions"] if r["active"]]
        return json_response(answer)

    async def visit_balances(request: Request):
        p = pop.by_prisoner_number.get(request.path_params["offenderNo"])
        if p is None or p.booking_id is None:
            return not_found(request, "offenderNo")
        return json_response(visit_balances_json(p, pop.today))

    async def reasonable_adjustments(request: Request):
        p = booked(request)
        if p is None:
            return not_found(request, "bookingId")
        types = set(request.query_params.getlist("type"))
        if not types:
            return error_body(400, "Required request parameter 'type' for method parameter type List is not present")
        described = dict(REFERENCE_DOMAINS["HEALTH_TREAT"])
        return json_response(
            {
                "reasonableAdjustments": [
                    {**a, "treatmentDescription": described.get(a["treatmentCode"])}
                    for a in reasonable_adjustments_json(p)
                    if a["treatmentCode"] in types
                ]
            }
        )

    async def addresses(request: Request):
        p = pop.by_prisoner_number.get(request.path_params["offenderNo"])
        if p is None:
            return not_found(request, "offenderNo")
        return json_response(nomis_addresses_json(p))

    def prisoner(request: Request) -> Person | None:
        p = pop.by_prisoner_number.get(request.path_params["offenderNo"])
        return p if p is not None and p.booking_id is not None else None

    async def offender_sentence_detail(request: Request):
        p = prisoner(request)
        if p is None:
            return not_found(request, "offenderNo")
        return json_response(offender_sentence_detail_json(p, pop.today))

    async def latest_sentence_summary(request: Request):
        p = prisoner(request)
        if p is None:
            return not_found(request, "offenderNo")
        return json_response(sentence_summary_json(p))

    async def images(request: Request):
        p = prisoner(request)
        if p is None:
            return not_found(request, "offenderNo")
        return json_response([image_json(p, i) for i in images_of(p, pop.today)])

    async def image_data(request: Request):
        raw = request.path_params["imageId"]
        number = int(raw) - FIRST_IMAGE_ID if raw.isascii() and raw.isdigit() else -1
        p = pop.people[number // 10] if 0 <= number < len(pop.people) * 10 else None
        found = [i for i in images_of(p, pop.today) if i.number == number % 10] if p else []
        if p is None or not found:
            return error_body(404, f"Resource with id [{raw}] not found.")
        return Response(image_jpeg(p, found[0]), media_type="image/jpeg")

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
        sim.endpoint(SERVICE, "GET", "/api/offenders/{offenderNo}/addresses", addresses),
        sim.endpoint(SERVICE, "GET", "/api/bookings/{bookingId}/reasonable-adjustments", reasonable_adjustments),
        sim.endpoint(SERVICE, "GET", "/api/offenders/{offenderNo}/offender-restrictions", offender_restrictions),
        sim.endpoint(SERVICE, "GET", "/api/bookings/offenderNo/{offenderNo}/visit/balances", visit_balances),
        sim.endpoint(SERVICE, "GET", "/api/bookings/offenderNo/{offenderNo}/offenceHistory", offence_history),
        sim.endpoint(SERVICE, "GET", "/api/offenders/{offenderNo}/sentences", offender_sentence_detail),
        sim.endpoint(SERVICE, "GET", "/api/images/offenders/{offenderNo}", images),
        sim.endpoint(SERVICE, "GET", "/api/images/{imageId}/data", image_data),
        sim.endpoint(
            SERVICE, "GET", "/api/offenders/{offenderNo}/booking/latest/sentence-summary", latest_sentence_summary
        ),
    ]
