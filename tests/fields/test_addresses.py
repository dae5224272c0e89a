"""Person.addresses: resolvers/addresses.py -> loaders.nomis_addresses_by_prisoner_number (Prison API
GET /api/offenders/{offenderNo}/addresses) + loaders.addresses_by_crn (Delius), merged as the Integration
API's GetAddressesForPersonService: NOMIS's newest first, then nDelius's. Prison API's client and contract rows."""

from __future__ import annotations

from datetime import date

import pytest

from resolvers.addresses import from_delius, from_nomis, newest_first
from simulator.controls import FaultRule
from simulator.population import Person, Population
from tests.cases import UNKNOWN_NOMS, Call, Case, CaseBuilder, pick
from tests.conftest import query
from upstream.delius import AddressType, DeliusAddress
from upstream.prison_api import AddressUsage, NomisAddress, PrisonApiClient

ENDPOINT = "prison-api GET /api/offenders/{offenderNo}/addresses"
DELIUS_ENDPOINT = "delius GET /case/{crn}/addresses"

NOMIS_ADDRESS = {
    "addressId": 123,
    "addressType": "BUS",
    "flat": "Flat 2",
    "premise": "Wood House",
    "street": "Church Street",
    "locality": "Nether Edge",
    "town": "Sheffield",
    "postalCode": "S1 2AB",
    "county": "South Yorkshire",
    "country": "England",
    "comment": "Lives with partner",
    "primary": True,
    "mail": False,
    "noFixedAddress": False,
    "startDate": "2020-05-01",
    "phones": [],
    "addressUsages": [{"addressUsage": "HDC", "addressUsageDescription": "HDC Address", "activeFlag": True}],
}

CLIENT_CASES = [
    Case(
        "prison_api.addresses",
        PrisonApiClient,
        "prison-api",
        lambda c: c.addresses("A1234AA"),
        "GET",
        "/api/offenders/A1234AA/addresses",
        [NOMIS_ADDRESS],
        lambda r: [
            (a.premise, a.flat, a.postalCode, a.startDate, [u.addressUsage for u in a.addressUsages]) for a in r
        ],
        [("Wood House", "Flat 2", "S1 2AB", date(2020, 5, 1), ["HDC"])],
        on_404=None,
        wrong_shape={"addressType": "HOME"},  # one address, not the list
    ),
]


def prisoner_with_address(pop: Population, released: bool = False) -> Person:
    return pick(
        pop,
        "released person with an address" if released else "prisoner with an address",
        lambda p: (
            bool(p.prisoner_number and p.crn and p.address)
            and (p.prison_id == "OUT") == released
            and not (p.restricted or p.excluded)
        ),
    )


CONTRACT_CASES: dict[str, dict[str, CaseBuilder]] = {
    ENDPOINT: {
        "home": lambda pop: Call(
            f"/api/offenders/{prisoner_with_address(pop).prisoner_number}/addresses", 200, nonempty=True
        ),
        "release address": lambda pop: Call(
            f"/api/offenders/{prisoner_with_address(pop, released=True).prisoner_number}/addresses", 200, nonempty=True
        ),
        "unknown": lambda pop: Call(f"/api/offenders/{UNKNOWN_NOMS}/addresses", 404),
    },
}


def test_nomis_address_as_the_integration_api_maps_it():
    a = from_nomis(NomisAddress.model_validate(NOMIS_ADDRESS))
    assert (a.name, a.number, a.street, a.locality, a.town, a.county, a.postcode, a.country, a.notes) == (
        "Wood House",
        "Flat 2",
        "Church Street",
        "Nether Edge",
        "Sheffield",
        "South Yorkshire",
        "S1 2AB",
        "England",
        "Lives with partner",
    )
    assert [(t.code, t.desc, t.description()) for t in a.types] == [
        ("HDC", "HDC Address", "HDC Address"),
        ("BUS", "Business Address", "Business Address"),
    ]


# (NOMIS addressType, usages as (code, description), the types the graph gives as (code, description))
NOMIS_TYPE_ROWS = [
    ("HOME", [], [("HOME", "Home Address")]),
    ("WORK", [], [("WORK", "Work Address")]),
    ("OTHER", [], [("OTHER", "OTHER")]),  # a type the Integration API does not spell out: its code
    (None, [("RELEASE", None)], [("RELEASE", "RELEASE")]),  # a usage without a description: its code
    (None, [(None, "Orphan usage")], []),  # neither a type nor a usage without a code
]


@pytest.mark.parametrize(("kind", "usages", "types"), NOMIS_TYPE_ROWS)
def test_nomis_address_types(kind, usages, types):
    a = NomisAddress(
        addressType=kind,
        primary=True,
        mail=True,
        noFixedAddress=False,
        addressUsages=[AddressUsage(addressUsage=c, addressUsageDescription=d) for c, d in usages],
    )
    assert [(t.code, t.desc) for t in from_nomis(a).types] == types


# (nDelius type, the types the graph gives): a missing description is the code; no code, no type.
DELIUS_TYPE_ROWS = [
    (AddressType(code="MAIN", description="Main address"), [("MAIN", "Main address")]),
    (AddressType(code="PREV", description=None), [("PREV", "PREV")]),
    (AddressType(code=None, description="Unknown"), []),
    (None, []),
]


@pytest.mark.parametrize(("kind", "types"), DELIUS_TYPE_ROWS)
def test_delius_address_types(kind, types):
    assert [(t.code, t.desc) for t in from_delius(DeliusAddress(type=kind)).types] == types


def test_nomis_addresses_newest_first_undated_last():
    dated = [date(2019, 1, 1), None, date(2023, 6, 1)]
    addresses = [
        from_nomis(NomisAddress(primary=False, mail=False, noFixedAddress=False, startDate=d, town=str(d)))
        for d in dated
    ]
    assert [a.startDate for a in newest_first(addresses)] == [date(2023, 6, 1), date(2019, 1, 1), None]


QUERY = """query ($id: ID!) { person(hmppsId: $id) { addresses {
  name number street town postcode country startDate types { code description } } } }"""


async def test_nomis_addresses_then_probations(graph, population, simulator):
    p = prisoner_with_address(population, released=True)

    body = await query(graph, QUERY, id=p.crn)

    assert "errors" not in body, body
    street, (town, _, _), postcode = p.address
    number, _, street_name = street.partition(" ")
    nomis, delius = body["data"]["person"]["addresses"]
    assert nomis == {
        "name": number,
        "number": None,
        "street": street_name,
        "town": town,
        "postcode": postcode,
        "country": "England",
        "startDate": date(p.date_of_birth.year + 18, p.date_of_birth.month, 1).isoformat(),
        "types": [
            {"code": "RELEASE", "description": "Release Address"},
            {"code": "HOME", "description": "Home Address"},
        ],
    }
    assert (delius["number"], delius["street"], delius["country"]) == (number, street_name, None)
    assert delius["types"] == [{"code": "MAIN", "description": "Main address"}]
    assert simulator.controls.endpoint_calls[ENDPOINT] == 1
    assert simulator.controls.endpoint_calls[DELIUS_ENDPOINT] == 1


async def test_probation_only_person_asks_nomis_nothing(graph, population, simulator):
    p = pick(
        population,
        "probation-only person",
        lambda p: p.crn and not p.prisoner_number and not (p.restricted or p.excluded),
    )

    body = await query(graph, QUERY, id=p.crn)

    assert "errors" not in body, body
    assert simulator.controls.endpoint_calls[ENDPOINT] == 0


async def test_nomis_failure_nulls_only_this_field(graph, population, simulator):
    p = prisoner_with_address(population)
    simulator.controls.faults.append(FaultRule(target=ENDPOINT, type="status", status=503))

    body = await query(graph, "query ($id: ID!) { person(hmppsId: $id) { hmppsId addresses { town } } }", id=p.crn)

    assert body["data"]["person"] == {"hmppsId": p.crn, "addresses": None}
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "upstream": "prison-api"}
