"""Contact.restrictions and Contact.details, on a person's contacts: resolvers/contact_details.py ->
loaders.contact_restrictions_by_prisoner_contact_id / loaders.contact_by_id -> upstream/contacts.py ->
simulator/contacts.py. The restrictions client and contract rows too (GET /contact/{contactId} has its own)."""

from __future__ import annotations

from datetime import date

from simulator.controls import FaultRule
from simulator.population import Contact, Person, Population
from tests.cases import Call, Case, CaseBuilder
from tests.conftest import query
from upstream.contacts import ContactsClient

ENDPOINT = "contacts GET /prisoner-contact/{prisonerContactId}/restriction"
DETAILS = "contacts GET /contact/{contactId}"
CREATED = {"createdBy": "ADMIN", "createdTime": "2023-09-23T10:15:30"}

CLIENT_CASES = [
    Case(
        "contacts.prisoner_contact_restrictions",
        ContactsClient,
        "contacts",
        lambda c: c.prisoner_contact_restrictions(123456),
        "GET",
        "/prisoner-contact/123456/restriction",
        {
            "prisonerContactRestrictions": [
                {
                    "prisonerContactRestrictionId": 1,
                    "prisonerContactId": 123456,
                    "contactId": 654321,
                    "prisonerNumber": "A1234AA",
                    "restrictionType": "CLOSED",
                    "restrictionTypeDescription": "Closed",
                    "startDate": "2024-01-01",
                    "enteredByUsername": "ADMIN",
                    "enteredByDisplayName": "John Smith",
                    **CREATED,
                }
            ],
            "contactGlobalRestrictions": [],
        },
        lambda r: [(x.restrictionType, x.startDate, x.expiryDate) for x in r.prisonerContactRestrictions],
        [("CLOSED", date(2024, 1, 1), None)],
        on_404=None,
        wrong_shape={"prisonerContactRestrictions": [{"restrictionType": "CLOSED"}]},
    ),
]


def with_both_restrictions(pop: Population) -> tuple[Person, Contact]:
    # The simulator: one relationship in 5 (prisonerContactId) is CLOSED, one contact in 7 (contactId) BANned.
    return next(
        (p, c)
        for p in pop.people
        for c in p.contacts
        if c.prisoner_contact_id % 5 == 0 and c.contact_id % 7 == 0 and p.contacts.index(c) < 10
    )


CONTRACT_CASES: dict[str, dict[str, CaseBuilder]] = {
    ENDPOINT: {
        "both kinds": lambda pop: Call(
            f"/prisoner-contact/{with_both_restrictions(pop)[1].prisoner_contact_id}/restriction", 200, nonempty=True
        ),
        "unknown": lambda pop: Call("/prisoner-contact/999999999/restriction", 404),
    },
}

QUERY = """
query ($id: ID!) {
  person(hmppsId: $id) {
    contacts(perPage: 10) { items { contact {
      contactId
      restrictions {
        prisonerContactRestrictions { restrictionType restrictionTypeDescription startDate expiryDate comments createdTime }
        contactGlobalRestrictions { restrictionType enteredByDisplayName }
      }
    } } }
  }
}
"""


async def test_a_contacts_restrictions_on_the_relationship_and_everywhere(graph, population, simulator):
    p, c = with_both_restrictions(population)

    body = await query(graph, QUERY, id=p.prisoner_number)

    assert "errors" not in body, body
    contacts = {x["contact"]["contactId"]: x["contact"] for x in body["data"]["person"]["contacts"]["items"]}
    found = contacts[c.contact_id]["restrictions"]
    assert [r["restrictionType"] for r in found["prisonerContactRestrictions"]] == ["CLOSED"]
    assert [r["restrictionType"] for r in found["contactGlobalRestrictions"]] == ["BAN"]
    assert found["prisonerContactRestrictions"][0]["startDate"] == "2024-03-01"
    assert simulator.controls.endpoint_calls[ENDPOINT] == len(contacts)  # one per relationship, in parallel


async def test_a_contacts_details_without_a_second_query(graph, population, simulator):
    p, c = with_both_restrictions(population)
    document = """query ($id: ID!, $contactId: ID!) {
      person(hmppsId: $id) { contacts(perPage: 10) { items { contact { contactId details {
        contactId lastName addresses { postcode } phoneNumbers { phoneNumber } } } } } }
      contact(contactId: $contactId) { contactId lastName addresses { postcode } phoneNumbers { phoneNumber } }
    }"""

    body = await query(graph, document, id=p.prisoner_number, contactId=str(c.contact_id))

    assert "errors" not in body, body
    via_person = next(
        x["contact"]["details"]
        for x in body["data"]["person"]["contacts"]["items"]
        if x["contact"]["contactId"] == c.contact_id
    )
    assert via_person == body["data"]["contact"]
    # Query.contact and Contact.details share the request's loader: the contact was asked for once.
    assert simulator.controls.endpoint_calls[DETAILS] == len(body["data"]["person"]["contacts"]["items"])


async def test_upstream_failure_nulls_only_the_restrictions(graph, population, simulator):
    p, _ = with_both_restrictions(population)
    simulator.controls.faults.append(FaultRule(target=ENDPOINT, type="status", status=503))

    body = await query(graph, QUERY, id=p.prisoner_number)

    items = body["data"]["person"]["contacts"]["items"]
    assert items and all(x["contact"]["restrictions"] is None for x in items)
    assert {e["extensions"]["code"] for e in body["errors"]} == {"UPSTREAM_UNAVAILABLE"}
