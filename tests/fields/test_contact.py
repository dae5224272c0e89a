"""Query.contact (and Contact.details, the same record): resolvers/contact_details.py maps Personal
Relationships' ContactDetails as the Integration API's PRDetailedContact.toDetailedContact does, with the
fields it passes on (gender, an address's verification and times)."""

from __future__ import annotations

from datetime import datetime

import pytest

from resolvers.contact_details import to_contact_record
from simulator.contacts import GENDER_BY_RELATIONSHIP
from tests.conftest import query
from upstream.contacts import ContactAddress, ContactDetails

QUERY = """query ($id: ID!) { contact(contactId: $id) { contactId genderCode genderDescription
  addresses { verified verifiedBy verifiedTime createdTime updatedTime } } }"""


def test_address_verified_time_is_the_upstreams_own():
    # The Integration API passes the address's createdTime as verifiedTime; the graph passes verifiedTime.
    created, verified = datetime(2024, 3, 1, 10), datetime(2024, 3, 8, 9, 30)
    record = to_contact_record(
        ContactDetails(
            id=1,
            genderCode="F",
            genderDescription="Female",
            addresses=[ContactAddress(verified=True, verifiedBy="NJKG44D", verifiedTime=verified, createdTime=created)],
        )
    )
    a = record.addresses[0]
    assert (a.verifiedBy, a.verifiedTime, a.createdTime, a.updatedTime) == ("NJKG44D", verified, created, None)
    assert (record.genderCode, record.genderDescription) == ("F", "Female")


@pytest.mark.parametrize("verified", [True, False])
async def test_contact_through_the_graph(graph, population, verified):
    c = next(
        c
        for p in population.people
        for c in p.contacts
        if c.relationship[2] in GENDER_BY_RELATIONSHIP and (c.contact_id % 2 == 0) == verified
    )

    body = await query(graph, QUERY, id=str(c.contact_id))

    assert "errors" not in body, body
    code, gender = GENDER_BY_RELATIONSHIP[c.relationship[2]]
    record = body["data"]["contact"]
    assert (record["genderCode"], record["genderDescription"]) == (code, gender)
    assert record["addresses"] == [
        {
            "verified": verified,
            "verifiedBy": "NJKG44D" if verified else None,
            "verifiedTime": "2024-03-08T09:30:00" if verified else None,
            "createdTime": "2024-03-01T10:00:00",
            "updatedTime": "2024-03-08T09:30:00" if verified else None,
        }
    ]
