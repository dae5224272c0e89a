"""Personal Relationships API: a prisoner's contacts."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.controls import Simulated, error_body, json_response, without_nulls
from simulator.paging import page_params, paged_model
from simulator.population import Contact, Person, Population

SERVICE = "contacts"


def prisoner_contact_json(p: Person, c: Contact) -> dict:
    rel_type, rel_type_desc, rel_code, rel_desc = c.relationship
    city, county, _ = c.town
    return without_nulls(
        {
            "prisonerContactId": c.prisoner_contact_id,
            "contactId": c.contact_id,
            "prisonerNumber": p.prisoner_number,
            "lastName": c.last_name,
            "firstName": c.first_name,
            "middleNames": None,
            "dateOfBirth": c.date_of_birth.isoformat() if c.date_of_birth else None,
            "deceasedDate": None,
            "relationshipTypeCode": rel_type,
            "relationshipTypeDescription": rel_type_desc,
            "relationshipToPrisonerCode": rel_code,
            "relationshipToPrisonerDescription": rel_desc,
            "flat": None,
            "property": None,
            "street": c.street,
            "area": None,
            "cityCode": None,
            "cityDescription": city,
            "countyCode": None,
            "countyDescription": county,
            "postcode": c.postcode,
            "countryCode": "ENG",
            "countryDescription": "England",
            "primaryAddress": True,
            "mailAddress": True,
            "phoneType": "MOB",
            "phoneTypeDescription": "Mobile",
            "phoneNumber": c.phone,
            "extNumber": None,
            "isApprovedVisitor": c.approved_visitor,
            "isNextOfKin": c.next_of_kin,
            "isEmergencyContact": c.emergency_contact,
            "isRelationshipActive": c.active,
            "currentTerm": True,
            "comments": None,
            "restrictionSummary": {"active": [], "totalActive": 0, "totalExpired": 0},
        }
    )


CREATED = {"createdBy": "CONTACTS_ADMIN", "createdTime": "2024-03-01T10:00:00"}
# A family contact's gender follows from the relationship; NOMIS holds none for the others here.
GENDER_BY_RELATIONSHIP = {
    "MOT": ("F", "Female"),
    "SIS": ("F", "Female"),
    "WIFE": ("F", "Female"),
    "GIF": ("F", "Female"),
    "FA": ("M", "Male"),
    "BRO": ("M", "Male"),
}


def contact_details_json(c: Contact) -> dict:
    city, county, _ = c.town
    gender_code, gender = GENDER_BY_RELATIONSHIP.get(c.relationship[2], (None, None))
    # Every other contact's address was checked by postcode lookup a week after it was recorded.
    verified = c.contact_id % 2 == 0
    phone = {
        "contactPhoneId": c.contact_id * 10 + 1,
        "contactId": c.contact_id,
        "phoneType": "MOB",
        "phoneTypeDescription": "Mobile",
        "phoneNumber": c.phone,
        **CREATED,
    }
    return without_nulls(
        {
            "id": c.contact_id,
            "titleCode": None,
            "lastName": c.last_name,
            "firstName": c.first_name,
            "dateOfBirth": c.date_of_birth.isoformat() if c.date_of_birth else None,
            "isStaff": c.relationship[0] == "O",
            "languageCode": "ENG",
            "languageDescription": "English",
            "interpreterRequired": False,
            "addresses": [
                {
                    "contactAddressId": c.contact_id * 10 + 2,
                    "contactId": c.contact_id,
                    "addressType": "HOME",
                    "addressTypeDescription": "Home address",
                    "primaryAddress": True,
                    "street": c.street,
                    "cityDescription": city,
                    "countyDescription": county,
                    "postcode": c.postcode,
                    "countryCode": "ENG",
                    "countryDescription": "England",
                    "verified": verified,
                    "verifiedBy": "NJKG44D" if verified else None,
                    "verifiedTime": "2024-03-08T09:30:00" if verified else None,
                    "mailFlag": True,
                    "noFixedAddress": False,
                    "phoneNumbers": [],
                    **CREATED,
                    "updatedBy": "CONTACTS_ADMIN" if verified else None,
                    "updatedTime": "2024-03-08T09:30:00" if verified else None,
                }
            ],
            "phoneNumbers": [phone],
            "emailAddresses": [],
            "identities": [],
            "employments": [],
            "genderCode": gender_code,
            "genderDescription": gender,
            **CREATED,
        }
    )


def _restriction(c: Contact, code: str, description: str, comments: str) -> dict:
    return {
        "contactId": c.contact_id,
        "restrictionType": code,
        "restrictionTypeDescription": description,
        "startDate": "2024-03-01",
        "comments": comments,
        "enteredByUsername": "CONTACTS_ADMIN",
        "enteredByDisplayName": "Contacts Admin",
        **CREATED,
    }


def prisoner_contact_restrictions_json(p: Person, c: Contact) -> dict:
    """Derived from the ids: one relationship in five is closed visits only; one contact in seven is
    banned from every prison (a global restriction)."""
    relationship = []
    if c.prisoner_contact_id % 5 == 0:
        relationship.append(
            {
                **_restriction(c, "CLOSED", "Closed", "Closed visits after a finds incident"),
                "prisonerContactRestrictionId": c.prisoner_contact_id * 10,
                "prisonerContactId": c.prisoner_contact_id,
                "prisonerNumber": p.prisoner_number,
            }
        )
    everywhere = []
    if c.contact_id % 7 == 0:
        everywhere.append(
            {
                **_restriction(c, "BAN", "Banned", "Banned from all establishments"),
                "contactRestrictionId": c.contact_id * 10,
            }
        )
    return {"prisonerContactRestrictions": relationship, "contactGlobalRestrictions": everywhere}


def routes(pop: Population, sim: Simulated) -> list[Route]:
    relationships: dict[int, tuple[Person, Contact]] = {}

    async def prisoner_contacts(request: Request):
        p = pop.by_prisoner_number.get(request.path_params["prisonNumber"])
        page, size = page_params(request)
        contacts = p.contacts if p else []
        if request.query_params.get("active") in ("true", "false"):
            wanted = request.query_params["active"] == "true"
            contacts = [c for c in contacts if c.active == wanted]
        return json_response(paged_model(contacts, page, size, lambda c: prisoner_contact_json(p, c) if p else {}))

    async def contact(request: Request):
        try:
            found = pop.contacts_by_id.get(int(request.path_params["contactId"]))
        except ValueError:
            found = None
        if found is None:
            return error_body(404, f"Contact ({request.path_params['contactId']}) could not be found")
        return json_response(contact_details_json(found))

    async def prisoner_contact_restrictions(request: Request):
        if not relationships:
            relationships.update({c.prisoner_contact_id: (p, c) for p in pop.people for c in p.contacts})
        try:
            found = relationships.get(int(request.path_params["prisonerContactId"]))
        except ValueError:
            found = None
        if found is None:
            return error_body(404, f"Prisoner contact ({request.path_params['prisonerContactId']}) could not be found")
        return json_response(prisoner_contact_restrictions_json(*found))

    return [
        sim.endpoint(SERVICE, "GET", "/prisoner/{prisonNumber}/contact", prisoner_contacts),
        sim.endpoint(SERVICE, "GET", "/contact/{contactId}", contact),
        sim.endpoint(
            SERVICE, "GET", "/prisoner-contact/{prisonerContactId}/restriction", prisoner_contact_restrictions
        ),
    ]
