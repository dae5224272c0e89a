"""Contract: every endpoint the simulator serves is one the real service documents, and answers it.

The simulator's endpoints are read from its own Starlette routes (not from a list kept here), so a
new simulated endpoint without a spec path, or without a request case below, fails. Each endpoint
is called through ASGI with a valid token and realistic ids from the population (and an unknown id
for per-id GETs); the status must be one the upstream's OpenAPI document gives for the operation,
and the JSON body must validate against the schema documented for that status.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from starlette.routing import Mount, Route

from simulator.app import Simulator, create_simulator
from simulator.population import Person, Population
from tests.cases import (
    UNKNOWN_BOOKING_ID,
    UNKNOWN_CRN,
    UNKNOWN_LOCATION_KEY,
    UNKNOWN_NOMS,
    Call,
    CaseBuilder,
    field_rows,
    pick,
    pick_all,
)
from tests.contract.openapi import Erratum, Operation, Spec, load_spec, spec_dir

POPULATION_SIZE = 400  # holds people with every kind of data (alerts, contacts, visits, OASys, MAPPA, ...)
SEED = 1
BASE_URL = "http://simulator"

SPEC_FILES = {
    "prisoner-search": "prisoner-search.json",
    "probation-search": "probation-offender-search.json",
    "delius": "ndelius.json",
    "prison-api": "prison-api.json",
    "alerts": "alerts-api.json",
    "locations": "locations-inside-prison-api.json",
    "risks": "assess-risks-and-needs.json",
    "visits": "manage-prison-visits.json",
    "contacts": "personal-relationships.json",
    "adjudications": "manage-adjudications.json",
    "non-associations": "non-associations.json",
    "case-notes": "case-notes.json",
    "manage-pom": "manage-POM.json",
    "licences": "create-and-vary-licence.json",
    "plp": "plp.json",
    "interventions": "interventions.json",
    "jobs-board": "jobs-board.json",  # the project's own model: specs/upstream/README.md
}
NOT_UPSTREAM_MOUNTS = {"/hmpps-auth", "/__admin"}  # the simulator's own auth server and controls
NOT_UPSTREAM_ROUTES = {"/health"}
# Every HMPPS service's Spring Boot actuator ping, which the graph's /health calls: springdoc leaves
# actuator endpoints out of the services' documents.
ACTUATOR_ROUTES = {"/health/ping"}

# Statuses the real service answers but its generated document leaves out. Each is a 404 from the
# service's not-found exception handler (springdoc only lists the responses a controller annotates).
# The body must still be the document's ErrorResponse where it has one. Keep this list short: an
# entry needs the real service's behaviour behind it, never a simulator convenience.
UNDOCUMENTED_ERRORS: dict[str, dict[int, str]] = {
    "prisoner-search GET /prisoner/{id}": {
        404: "findByPrisonNumber throws NotFoundException for an unknown prisoner number"
    },
    "delius GET /case/{crn}/supervisions": {
        404: "the Delius integration throws NotFoundException(Person, crn) for an unknown CRN"
    },
    "delius GET /case/{crn}/addresses": {
        404: "the Delius integration throws NotFoundException(Person, crn) for an unknown CRN"
    },
    "prison-api GET /api/offenders/{offenderNo}/sentences": {
        404: "Prison API's EntityNotFoundException handler answers 404 for an offender number with no booking"
    },
    "prison-api GET /api/offenders/{offenderNo}/booking/latest/sentence-summary": {
        404: "Prison API's EntityNotFoundException handler answers 404 for an offender number with no booking"
    },
    "plp GET /inductions/{prisonNumber}/induction-schedule": {
        404: "the service throws InductionScheduleNotFoundException for a prisoner with no induction schedule"
    },
    "plp GET /action-plans/{prisonNumber}/reviews": {
        404: "latestReviewSchedule is required, so a prisoner with no review schedule is answered 404 (our "
        "reading of the service; the graph asks only for prisoners with a COMPLETED review schedule)"
    },
    "delius GET /case-details/{crn}/{eventNumber}": {
        404: "the Delius integration throws NotFoundException for an unknown CRN or event number"
    },
}

# Errors in the published documents, corrected before validating. Each names exactly what the
# document says now (so a fixed document makes its erratum fail) and why the service differs.
SENTENCES_AND_OFFENCES_200 = (
    "/paths/~1api~1offender-sentences~1booking~1{bookingId}~1sentences-and-offences"
    "/get/responses/200/content/application~1json/schema"
)
# Answers that are not JSON, by media type: the bytes such a body starts and ends with.
BINARY_MEDIA_TYPES = {"image/jpeg": (b"\xff\xd8", b"\xff\xd9")}  # JPEG's start and end of image markers

SPEC_ERRATA: tuple[Erratum, ...] = (
    Erratum(
        "prison-api.json",
        "/paths/~1api~1images~1{imageId}~1data/get/responses/404/content/application~1json/schema",
        documented={"type": "string", "format": "byte"},
        corrected={"$ref": "#/components/schemas/ErrorResponse"},
        reason="the controller annotates every status with the image's byte[]; a missing image is the service's "
        "EntityNotFoundException, which its exception handler answers with an ErrorResponse",
    ),
    Erratum(
        "prison-api.json",
        SENTENCES_AND_OFFENCES_200,
        documented={"$ref": "#/components/schemas/OffenderSentenceAndOffences"},
        corrected={"type": "array", "items": {"$ref": "#/components/schemas/OffenderSentenceAndOffences"}},
        reason="the operation returns List<OffenderSentenceAndOffences> (one entry per sentence line; its "
        "consumers read an array); the response annotation names only the element class",
    ),
    Erratum(
        "assess-risks-and-needs.json",
        "/components/schemas/AssessmentNeedsDto/properties/assessedOn",
        documented={
            "type": "object",
            "description": "The date and time that the assessment needs were completed",
            "example": "2026-04-13T18:53:39",
        },
        corrected={
            "type": "string",
            "format": "date-time",
            "description": "The date and time that the assessment needs were completed",
            "example": "2026-04-13T18:53:39",
        },
        reason="a LocalDateTime that springdoc renders as `object`, like AllRoshRiskDto's assessedOn",
    ),
    Erratum(
        "assess-risks-and-needs.json",
        "/components/schemas/AllRoshRiskDto_AllRisksView/properties/assessedOn",
        documented={"type": "object", "example": "2026-04-13T18:53:39"},
        corrected={"type": "string", "format": "date-time", "example": "2026-04-13T18:53:39"},
        reason="a LocalDateTime in a @JsonView DTO, which springdoc renders as `object`; the service sends an "
        "ISO local date-time string, as the document's own example shows",
    ),
    *(
        Erratum(
            "assess-risks-and-needs.json",
            f"/components/schemas/RiskManagementPlanDto/properties/{name}",
            documented={"type": "object", "example": "2026-04-13T18:53:39"},
            corrected={"type": "string", "format": "date-time", "example": "2026-04-13T18:53:39"},
            reason="LocalDateTime fields that springdoc renders as `object`, like assessedOn above",
        )
        for name in (
            "dateCompleted",
            "initiationDate",
            "latestWIPDate",
            "latestSignLockDate",
            "latestPartCompUnsignedDate",
            "latestPartCompSignedDate",
            "latestCompleteDate",
        )
    ),
    *(
        Erratum(
            "locations-inside-prison-api.json",
            f"/components/schemas/Capacity/properties/{name}",
            documented={"type": "integer", "format": "int32", "description": description, "example": 2, "maximum": 99},
            corrected={"type": "integer", "format": "int32", "description": description, "example": 2},
            reason="@Max(99) validates one cell's capacity in update requests; responses use the same class for "
            "the rolled-up capacity of wings and landings, which exceeds 99",
        )
        for name, description in (
            ("maxCapacity", "Max capacity of the location"),
            ("workingCapacity", "Working capacity of the location"),
        )
    ),
)


# ---- the simulator's endpoints ---------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    service: str
    method: str
    path: str

    @property
    def key(self) -> str:  # the simulator's own endpoint key, as used by its controls
        return f"{self.service} {self.method} {self.path}"


def simulator_endpoints(app) -> list[Endpoint]:
    """Walk the app's routes: one Endpoint per (service mount, method, path template)."""
    found: list[Endpoint] = []
    for route in app.routes:
        if isinstance(route, Mount):
            if route.path in NOT_UPSTREAM_MOUNTS:
                continue
            service = route.path.strip("/")
            for inner in route.routes:
                assert isinstance(inner, Route), f"unexpected nested route {inner!r} under {route.path}"
                if inner.path in ACTUATOR_ROUTES:
                    continue
                for method in sorted(inner.methods - {"HEAD"}):
                    found.append(Endpoint(service, method, inner.path))
        elif isinstance(route, Route) and route.path in NOT_UPSTREAM_ROUTES:
            continue
        else:
            found.append(Endpoint("(top level)", ",".join(sorted(getattr(route, "methods", None) or [])), route.path))
    return found


@functools.cache
def _simulator() -> Simulator:
    return create_simulator(size=POPULATION_SIZE, seed=SEED)


ENDPOINTS = simulator_endpoints(_simulator().app)


# ---- requests ----------------------------------------------------------------------------------------


def mdi_prisoner(pop: Population) -> Person:
    return pick(
        pop,
        "prisoner in MDI with alerts, contacts and visits",
        lambda p: p.prison_id == "MDI" and p.alerts and p.contacts and p.visits and p.cell_location,
    )


def released_prisoner(pop: Population) -> Person:
    return pick(pop, "released prisoner", lambda p: p.prison_id == "OUT")


def crn_with_oasys(pop: Population) -> Person:
    return pick(
        pop,
        "CRN with OASys data, MAPPA and registrations",
        lambda p: p.crn and p.has_oasys and p.rosh and p.predictors and p.mappa and p.dynamic_risks,
    )


def crn_without_oasys(pop: Population) -> Person:
    return pick(pop, "CRN without OASys data", lambda p: p.crn and not p.has_oasys)


def both_systems(pop: Population) -> Person:
    return pick(
        pop,
        "person known to prison and probation, with aliases",
        lambda p: p.crn and p.prisoner_number and p.in_prison and p.aliases and p.address,
    )


def numbers(people: list[Person]) -> list[str]:
    return [p.prisoner_number for p in people if p.prisoner_number]


CASES: dict[str, dict[str, CaseBuilder]] = {
    # Prisoner Search
    "prisoner-search POST /attribute-search": {
        "prison and surname": lambda pop: Call(
            "/attribute-search",
            200,
            params={"page": 0, "size": 20},
            nonempty=True,
            json={
                "joinType": "AND",
                "pagination": {"page": 0, "size": 20},
                "queries": [
                    {
                        "joinType": "AND",
                        "matchers": [
                            {"type": "String", "attribute": "prisonId", "condition": "IS", "searchTerm": "MDI"},
                            {
                                "type": "String",
                                "attribute": "lastName",
                                "condition": "IS",
                                "searchTerm": mdi_prisoner(pop).last_name,
                            },
                        ],
                    }
                ],
            },
        ),
        "released since a date": lambda pop: Call(
            "/attribute-search",
            200,
            params={"page": 0, "size": 50},
            nonempty=True,
            json={
                "joinType": "OR",
                "pagination": {"page": 0, "size": 50},
                "queries": [
                    {
                        "matchers": [
                            {"type": "String", "attribute": "prisonId", "condition": "IS", "searchTerm": "OUT"},
                            {"type": "Date", "attribute": "releaseDate", "minValue": "2000-01-01"},
                        ]
                    }
                ],
            },
        ),
    },
    "prisoner-search GET /prisoner/{id}": {
        "in prison": lambda pop: Call(f"/prisoner/{mdi_prisoner(pop).prisoner_number}", 200, nonempty=True),
        "released": lambda pop: Call(f"/prisoner/{released_prisoner(pop).prisoner_number}", 200, nonempty=True),
        "transferred in": lambda pop: Call(
            f"/prisoner/{pick(pop, 'transferred prisoner', lambda p: p.previous_prison_id).prisoner_number}", 200
        ),
        "unknown": lambda pop: Call(f"/prisoner/{UNKNOWN_NOMS}", 404),
    },
    "prisoner-search POST /prisoner-search/prisoner-numbers": {
        "batch": lambda pop: Call(
            "/prisoner-search/prisoner-numbers",
            200,
            nonempty=True,
            json={
                "prisonerNumbers": [
                    mdi_prisoner(pop).prisoner_number,
                    released_prisoner(pop).prisoner_number,
                    both_systems(pop).prisoner_number,
                    UNKNOWN_NOMS,
                ]
            },
        ),
    },
    "prisoner-search GET /prison/{prisonId}/prisoners": {
        "MDI": lambda pop: Call("/prison/MDI/prisoners", 200, params={"page": 0, "size": 50}, nonempty=True),
        "wing": lambda pop: Call(
            "/prison/MDI/prisoners",
            200,
            nonempty=True,
            params={"cellLocationPrefix": mdi_prisoner(pop).cell_location.split("-")[0], "size": 10},
        ),
        "unknown prison": lambda pop: Call("/prison/ZZI/prisoners", 200),
    },
    "prisoner-search POST /global-search": {
        "by name": lambda pop: Call(
            "/global-search",
            200,
            params={"page": 0, "size": 10},
            nonempty=True,
            json={"lastName": both_systems(pop).last_name, "firstName": both_systems(pop).first_name},
        ),
        "alias": lambda pop: Call(
            "/global-search",
            200,
            nonempty=True,
            json={
                "lastName": both_systems(pop).aliases[0][1],
                "firstName": both_systems(pop).aliases[0][0],
                "includeAliases": True,
                "location": "ALL",
            },
        ),
    },
    # Probation Offender Search
    "probation-search POST /crns": {
        "batch": lambda pop: Call(
            "/crns",
            200,
            nonempty=True,
            json=[
                crn_with_oasys(pop).crn,
                both_systems(pop).crn,
                pick(pop, "restricted case", lambda p: p.restricted).crn,
                UNKNOWN_CRN,
            ],
        ),
    },
    "probation-search POST /nomsNumbers": {
        "batch": lambda pop: Call(
            "/nomsNumbers",
            200,
            nonempty=True,
            json=[both_systems(pop).prisoner_number, mdi_prisoner(pop).prisoner_number, UNKNOWN_NOMS],
        ),
    },
    "probation-search POST /search": {
        "by name": lambda pop: Call(
            "/search",
            200,
            nonempty=True,
            json={"surname": both_systems(pop).last_name, "firstName": both_systems(pop).first_name},
        ),
        "by CRN": lambda pop: Call("/search", 200, nonempty=True, json={"crn": crn_with_oasys(pop).crn}),
    },
    # Delius integration
    "delius GET /reference-data": {
        "all": lambda pop: Call("/reference-data", 200, nonempty=True),
    },
    "delius GET /case/{crn}/addresses": {
        "known": lambda pop: Call(
            f"/case/{pick(pop, 'with an address', lambda p: p.crn and p.address).crn}/addresses", 200, nonempty=True
        ),
        "unknown": lambda pop: Call(f"/case/{UNKNOWN_CRN}/addresses", 404),
    },
    "delius GET /case/{crn}/supervisions": {
        "MAPPA and registrations": lambda pop: Call(
            f"/case/{crn_with_oasys(pop).crn}/supervisions", 200, nonempty=True
        ),
        "person status": lambda pop: Call(
            f"/case/{pick(pop, 'case with a person status', lambda p: p.crn and p.person_statuses).crn}/supervisions",
            200,
        ),
        "unknown": lambda pop: Call(f"/case/{UNKNOWN_CRN}/supervisions", 404),
    },
    "delius POST /probation-cases/access": {
        "limited and open": lambda pop: Call(
            "/probation-cases/access",
            200,
            nonempty=True,
            json={
                "crns": [
                    pick(pop, "restricted case", lambda p: p.restricted).crn,
                    pick(pop, "excluded case", lambda p: p.excluded).crn,
                    crn_with_oasys(pop).crn,
                    UNKNOWN_CRN,
                ]
            },
        ),
    },
    # Prison API
    "prison-api GET /api/reference-domains/domains/{domain}/codes": {
        "ALERT": lambda pop: Call("/api/reference-domains/domains/ALERT/codes", 200, nonempty=True),
        "unknown": lambda pop: Call("/api/reference-domains/domains/NO_SUCH_DOMAIN/codes", 404),
    },
    "prison-api GET /api/offender-sentences/booking/{bookingId}/sentences-and-offences": {
        "several sentences": lambda pop: Call(
            f"/api/offender-sentences/booking/"
            f"{pick(pop, 'prisoner with several sentences', lambda p: len(p.nomis_sentences) > 1).booking_id}"
            f"/sentences-and-offences",
            200,
            nonempty=True,
        ),
        "fine": lambda pop: Call(
            f"/api/offender-sentences/booking/"
            f"{pick(pop, 'fine', lambda p: any(s.fine_amount for s in p.nomis_sentences)).booking_id}"
            f"/sentences-and-offences",
            200,
            nonempty=True,
        ),
        "unknown": lambda pop: Call(
            f"/api/offender-sentences/booking/{UNKNOWN_BOOKING_ID}/sentences-and-offences", 404
        ),
    },
    "prison-api GET /api/offenders/{offenderNo}": {
        "in prison": lambda pop: Call(f"/api/offenders/{mdi_prisoner(pop).prisoner_number}", 200, nonempty=True),
        "released": lambda pop: Call(f"/api/offenders/{released_prisoner(pop).prisoner_number}", 200, nonempty=True),
        "unknown": lambda pop: Call(f"/api/offenders/{UNKNOWN_NOMS}", 404),
    },
    # Alerts
    "alerts POST /search/alerts/prison-numbers": {
        "active": lambda pop: Call(
            "/search/alerts/prison-numbers",
            200,
            nonempty=True,
            json=[*numbers(pick_all(pop, lambda p: p.alerts, 5)), UNKNOWN_NOMS],
        ),
        "including inactive": lambda pop: Call(
            "/search/alerts/prison-numbers",
            200,
            nonempty=True,
            params={"includeInactive": "true"},
            json=numbers(pick_all(pop, lambda p: p.alerts, 5)),
        ),
    },
    "alerts GET /prisoners/{prisonNumber}/alerts": {
        "with alerts": lambda pop: Call(f"/prisoners/{mdi_prisoner(pop).prisoner_number}/alerts", 200, nonempty=True),
        "active only": lambda pop: Call(
            f"/prisoners/{mdi_prisoner(pop).prisoner_number}/alerts",
            200,
            params={"isActive": "true", "page": 0, "size": 10},
        ),
        "unknown": lambda pop: Call(f"/prisoners/{UNKNOWN_NOMS}/alerts", 200),
    },
    # Locations Inside Prison
    "locations POST /locations/keys": {
        "cells": lambda pop: Call(
            "/locations/keys",
            200,
            nonempty=True,
            json=[mdi_prisoner(pop).cell_key, both_systems(pop).cell_key, "MDI-A", "MDI-A-1", UNKNOWN_LOCATION_KEY],
        ),
    },
    "locations GET /locations/key/{key}": {
        "cell": lambda pop: Call(f"/locations/key/{mdi_prisoner(pop).cell_key}", 200, nonempty=True),
        "landing": lambda pop: Call("/locations/key/MDI-A-1", 200, nonempty=True),
        "wing": lambda pop: Call("/locations/key/MDI-A", 200, nonempty=True),
        "inactive cell": lambda pop: Call(
            f"/locations/key/{next(k for k, loc in pop.locations.items() if not loc.active)}", 200, nonempty=True
        ),
        "unknown": lambda pop: Call(f"/locations/key/{UNKNOWN_LOCATION_KEY}", 404),
    },
    # Assess Risks and Needs
    "risks GET /risks/crn/{crn}/risk-management-plan": {
        "with OASys": lambda pop: Call(
            f"/risks/crn/{pick(pop, 'OASys', lambda p: p.has_oasys).crn}/risk-management-plan", 200, nonempty=True
        ),
        "no OASys": lambda pop: Call(f"/risks/crn/{crn_without_oasys(pop).crn}/risk-management-plan", 404),
    },
    "risks GET /risks/crn/{crn}": {
        "with OASys": lambda pop: Call(f"/risks/crn/{crn_with_oasys(pop).crn}", 200, nonempty=True),
        "no OASys": lambda pop: Call(f"/risks/crn/{crn_without_oasys(pop).crn}", 404),
        "unknown": lambda pop: Call(f"/risks/crn/{UNKNOWN_CRN}", 404),
    },
    "risks GET /risks/predictors/unsafe/all/{identifierType}/{identifierValue}": {
        "two OASys assessments": lambda pop: Call(
            f"/risks/predictors/unsafe/all/CRN/{pick(pop, 'two OASys assessments', lambda p: len(p.predictors) > 1).crn}",
            200,
            nonempty=True,
        ),
        "version 2": lambda pop: Call(
            f"/risks/predictors/unsafe/all/CRN/{pick(pop, 'version 2', lambda p: p.has_oasys and p.index % 3 == 0).crn}",
            200,
            nonempty=True,
        ),
        "no OASys": lambda pop: Call(f"/risks/predictors/unsafe/all/CRN/{crn_without_oasys(pop).crn}", 404),
        "unknown": lambda pop: Call(f"/risks/predictors/unsafe/all/CRN/{UNKNOWN_CRN}", 404),
    },
    # Visits
    "visits GET /visits/search/future/{prisonerId}": {
        "with visits": lambda pop: Call(
            f"/visits/search/future/{mdi_prisoner(pop).prisoner_number}", 200, nonempty=True
        ),
        "unknown": lambda pop: Call(f"/visits/search/future/{UNKNOWN_NOMS}", 200),
    },
    "visits GET /visits/{reference}": {
        "booked": lambda pop: Call(f"/visits/{mdi_prisoner(pop).visits[0].reference}", 200, nonempty=True),
        "unknown": lambda pop: Call("/visits/zz-zz-zz-zz", 404),
    },
    "visits GET /visits/search": {
        "by prisoner": lambda pop: Call(
            "/visits/search",
            200,
            nonempty=True,
            params={"prisonerId": mdi_prisoner(pop).prisoner_number, "visitStatus": "BOOKED", "page": 0, "size": 10},
        ),
        "by prison": lambda pop: Call(
            "/visits/search",
            200,
            nonempty=True,
            params={"prisonId": "MDI", "visitStatus": "BOOKED", "page": 0, "size": 20},
        ),
    },
    # Personal Relationships
    "contacts GET /prisoner/{prisonNumber}/contact": {
        "with contacts": lambda pop: Call(
            f"/prisoner/{mdi_prisoner(pop).prisoner_number}/contact", 200, nonempty=True, params={"page": 0, "size": 20}
        ),
        "active only": lambda pop: Call(
            f"/prisoner/{mdi_prisoner(pop).prisoner_number}/contact", 200, params={"active": "true"}
        ),
        "unknown": lambda pop: Call(f"/prisoner/{UNKNOWN_NOMS}/contact", 200),
    },
    "contacts GET /contact/{contactId}": {
        "known": lambda pop: Call(f"/contact/{mdi_prisoner(pop).contacts[0].contact_id}", 200, nonempty=True),
        "unknown": lambda pop: Call("/contact/999999999", 404),
    },
}
# Rows declared by the fields' own test modules (tests/fields/).
for _rows in field_rows("CONTRACT_CASES"):
    assert not set(_rows) & set(CASES), f"endpoints with cases in two places: {sorted(set(_rows) & set(CASES))}"
    CASES.update(_rows)


def _case_params() -> list:
    params = []
    for endpoint in ENDPOINTS:
        names = list(CASES.get(endpoint.key, {})) or [None]  # None: no case written yet, which fails
        params += [pytest.param(endpoint, name, id=f"{endpoint.key} :: {name or 'no case'}") for name in names]
    return params


# ---- fixtures ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def simulator() -> Simulator:
    sim = _simulator()
    sim.controls.latency.clear()
    sim.controls.faults.clear()
    return sim


@pytest.fixture(scope="module")
def token(simulator: Simulator) -> str:
    return simulator.auth.issue("contract-tests", ["ROLE_PERSON_GRAPH"])


@pytest.fixture(scope="module")
def specs() -> dict[str, Spec]:
    try:
        spec_dir()
        return {service: load_spec(filename, SPEC_ERRATA) for service, filename in SPEC_FILES.items()}
    except (FileNotFoundError, ValueError) as exc:
        pytest.fail(str(exc), pytrace=False)


def operation_for(specs: dict[str, Spec], endpoint: Endpoint) -> Operation:
    assert endpoint.service in specs, (
        f"{endpoint.key}: the simulator serves the mount /{endpoint.service} but no upstream OpenAPI document is "
        f"mapped to it (SPEC_FILES knows {sorted(specs)})"
    )
    spec = specs[endpoint.service]
    operation = spec.operation(endpoint.path, endpoint.method)
    if operation is None:
        methods = sorted(spec.document.get("paths", {}).get(endpoint.path, {}))
        detail = f"the path exists only for {methods}" if methods else "the path does not exist"
        pytest.fail(
            f"{endpoint.key}: {spec.filename} has no {endpoint.method} {endpoint.path} ({detail}); "
            "the simulator serves an endpoint the real service does not",
            pytrace=False,
        )
    return operation


async def send(simulator: Simulator, endpoint: Endpoint, call: Call, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=simulator.app), base_url=BASE_URL) as client:
        kwargs: dict[str, Any] = {"params": call.params, "headers": headers}
        if call.json is not None:
            kwargs["json"] = call.json
        return await client.request(endpoint.method, f"/{endpoint.service}{call.path}", **kwargs)


def body_of(response: httpx.Response, what: str) -> Any:
    try:
        return response.json()
    except ValueError:
        pytest.fail(f"{what}: the body is not JSON: {response.text[:300]!r}", pytrace=False)


def has_data(body: Any) -> bool:
    if isinstance(body, dict) and isinstance(body.get("content"), list):
        return bool(body["content"])
    return bool(body)


# ---- tests -------------------------------------------------------------------------------------------


def test_simulator_serves_upstream_endpoints():
    assert ENDPOINTS, "no endpoints found in the simulator's routes"
    unmapped = sorted({e.service for e in ENDPOINTS} - set(SPEC_FILES))
    assert not unmapped, f"simulator mounts with no upstream OpenAPI document mapped: {unmapped}"
    stale = sorted(set(CASES) - {e.key for e in ENDPOINTS})
    assert not stale, f"request cases for endpoints the simulator no longer serves: {stale}"
    stale_allowances = sorted(set(UNDOCUMENTED_ERRORS) - {e.key for e in ENDPOINTS})
    assert not stale_allowances, (
        f"UNDOCUMENTED_ERRORS entries for endpoints the simulator does not serve: {stale_allowances}"
    )


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.key)
def test_endpoint_is_in_the_upstream_spec(specs, endpoint: Endpoint):
    operation = operation_for(specs, endpoint)
    path_params = {p["name"] for p in operation.parameters() if p.get("in") == "path"}
    template_params = {part[1:-1] for part in endpoint.path.split("/") if part.startswith("{")}
    assert template_params == path_params, (
        f"{endpoint.key}: path parameters {sorted(template_params)} but the spec declares {sorted(path_params)}"
    )


@pytest.mark.parametrize(("endpoint", "case"), _case_params())
async def test_response_matches_the_upstream_spec(simulator, specs, token, endpoint: Endpoint, case: str | None):
    assert case is not None, (
        f"{endpoint.key}: the simulator serves this endpoint but CASES has no request for it; "
        "add realistic requests (and an unknown-id request for a per-id GET)"
    )
    operation = operation_for(specs, endpoint)
    call = CASES[endpoint.key][case](simulator.population)
    what = f"{endpoint.key} [{case}]"

    # The request itself is the documented one: required query parameters present, body valid.
    required = {p["name"] for p in operation.parameters() if p.get("in") == "query" and p.get("required")}
    missing = sorted(required - set(call.params))
    assert not missing, f"{what}: the request lacks required query parameters {missing}"
    if call.json is not None:
        problems = operation.validate_request(call.json)
        assert not problems, f"{what}: the test's request body is not the documented one:\n" + "\n".join(problems)

    response = await send(simulator, endpoint, call, token)
    assert response.status_code == call.expect, (
        f"{what}: expected {call.expect}, got {response.status_code}: {response.text[:500]}"
    )
    documented = operation.documented_statuses()
    allowed = UNDOCUMENTED_ERRORS.get(endpoint.key, {})
    status = response.status_code
    assert operation.response_key(status) is not None or status in allowed, (
        f"{what}: status {status} is not documented by {operation.spec.filename} (documented: {documented})"
    )
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    if media_type in BINARY_MEDIA_TYPES and status < 400:  # an image: documented, and what it says it is
        assert media_type in operation.response_media_types(status), (
            f"{what}: {media_type} is not documented for {status} ({operation.response_media_types(status)})"
        )
        magic = BINARY_MEDIA_TYPES[media_type]
        assert response.content.startswith(magic[0]) and response.content.endswith(magic[1]), (
            f"{what}: the body is not {media_type}: {response.content[:20]!r}"
        )
        assert int(response.headers["content-length"]) == len(response.content)
        return
    assert media_type == "application/json", f"{what}: content type {response.headers.get('content-type')!r}"

    body = body_of(response, what)
    if call.nonempty:
        assert has_data(body), f"{what}: expected data in the answer, got {str(body)[:300]}"
    if operation.response_key(status) is not None:
        problems = operation.validate_response(status, body)
    else:  # an allowed undocumented error: it must still be the service's ErrorResponse
        assert "ErrorResponse" in operation.spec.document.get("components", {}).get("schemas", {}) or set(body) >= {
            "status",
            "userMessage",
            "developerMessage",
        }, f"{what}: not an error response: {body}"
        problems = (
            operation.spec.validate("/components/schemas/ErrorResponse", body)
            if "ErrorResponse" in operation.spec.document["components"]["schemas"]
            else []
        )
        assert body.get("status") == status, f"{what}: the error body's status is {body.get('status')}, not {status}"
    assert not problems, (
        f"{what}: the {status} answer does not match {operation.spec.filename}:\n"
        + "\n".join(problems[:40])
        + (f"\n... and {len(problems) - 40} more" if len(problems) > 40 else "")
    )


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.key)
async def test_request_without_a_token_is_unauthorised(simulator, specs, endpoint: Endpoint):
    assert endpoint.key in CASES, f"{endpoint.key}: CASES has no request for this endpoint"
    operation = operation_for(specs, endpoint)
    call = next(iter(CASES[endpoint.key].values()))(simulator.population)
    response = await send(simulator, endpoint, call, token=None)
    assert response.status_code == 401, (
        f"{endpoint.key}: without a token got {response.status_code}: {response.text[:300]}"
    )
    body = body_of(response, endpoint.key)
    if operation.response_key(401) is not None and operation.response_schema_pointer(401) is not None:
        problems = operation.validate_response(401, body)
        assert not problems, f"{endpoint.key}: the 401 answer does not match {operation.spec.filename}:\n" + "\n".join(
            problems
        )
