"""Access control through the graph's HTTP app, with real RS256 JWTs verified against the JWKS.

Consumers come from consumers.example.yml; tokens are signed by the simulator's HMPPS Auth stand-in.
"""

from __future__ import annotations

import time

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from access.audit import MemoryAuditSink
from server import create_app
from settings import UPSTREAMS, Settings
from simulator.auth import ISSUER
from tests.conftest import query

PERSON = """query($id: ID!) { person(hmppsId: $id) {
  hmppsId firstName gender
  alerts { items { code } }
  cellLocation { prisonCode }
  contactDetails { emails }
  risks { seriousHarm { summary { overallRiskLevel } } mappaDetail { level notes } }
} }"""


@pytest.fixture
def audit() -> MemoryAuditSink:
    return MemoryAuditSink()


@pytest.fixture
async def app_client(simulator, audit):
    app = create_app(Settings(timeout_seconds=2.0), embedded_simulator=simulator, audit_sink=audit)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        yield client
    await app.state.upstreams.aclose()


@pytest.fixture
def as_consumer(app_client, simulator):
    def for_consumer(name: str, **claims) -> httpx.AsyncClient:
        app_client.headers["Authorization"] = f"Bearer {simulator.auth.issue(name, [], **claims)}"
        return app_client

    return for_consumer


def person(population, predicate):
    return next(p for p in population.people if predicate(p))


def in_prison(code):
    return lambda p: p.prison_id == code and p.crn and not (p.restricted or p.excluded) and p.has_oasys and p.alerts


def codes(body):
    return sorted({e["extensions"]["code"] for e in body.get("errors", [])})


def error_at(body, *path):
    return next(e for e in body["errors"] if e["path"] == list(path))


# ---- the matrix: consumer x person -> what the person query returns -----------------------------


async def test_full_access_reads_everything(as_consumer, population):
    p = person(population, in_prison("BMI"))
    body = await query(as_consumer("full-access-client"), PERSON, id=p.crn)
    assert "errors" not in body
    data = body["data"]["person"]
    assert data["firstName"].lower() == p.first_name.lower()
    assert data["gender"] == p.gender
    assert sorted(a["code"] for a in data["alerts"]["items"]) == sorted(a.code for a in p.alerts)[:10]
    assert data["risks"]["seriousHarm"]["summary"]["overallRiskLevel"] == p.rosh["summary"]["overallRiskLevel"]


async def test_prison_operator_reads_people_in_its_prisons(as_consumer, population):
    p = person(population, in_prison("MDI"))
    body = await query(as_consumer("private-prison-operator"), PERSON, id=p.crn)
    data = body["data"]["person"]
    assert data["hmppsId"] == p.crn
    assert data["cellLocation"]["prisonCode"] == "MDI"
    assert data["alerts"]["items"]
    # Risks other than categories are not in its role: null with FORBIDDEN at the path, the rest returned.
    assert data["risks"]["seriousHarm"] is None and data["risks"]["mappaDetail"] is None
    assert error_at(body, "person", "risks", "seriousHarm")["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize("kind", ["other prison", "released", "probation only", "does not exist"])
async def test_prison_operator_cannot_tell_filtered_people_from_missing_ones(as_consumer, population, kind):
    predicate = {
        "other prison": in_prison("BMI"),
        "released": lambda p: p.prison_id == "OUT" and p.crn,
        "probation only": lambda p: p.prisoner_number is None,
    }
    hmpps_id = person(population, predicate[kind]).crn if kind in predicate else "X999999"
    body = await query(as_consumer("private-prison-operator"), PERSON, id=hmpps_id)
    assert body == {
        "data": {"person": None},
        "errors": [
            {
                "message": f"Could not find person with HMPPS id: {hmpps_id}",
                "locations": [{"line": 1, "column": 19}],
                "path": ["person"],
                "extensions": {"code": "NOT_FOUND"},
            }
        ],
    }


async def test_risk_only_partner_reads_risks_but_not_prison_data(as_consumer, population):
    p = person(population, in_prison("MDI"))
    body = await query(as_consumer("probation-partner"), PERSON, id=p.crn)
    data = body["data"]["person"]
    assert data["firstName"] is not None
    assert data["risks"]["seriousHarm"]["summary"]["overallRiskLevel"] == p.rosh["summary"]["overallRiskLevel"]
    for field in ("alerts", "cellLocation", "gender", "contactDetails"):
        assert data[field] is None
        assert error_at(body, "person", field)["extensions"]["code"] == "FORBIDDEN"


async def test_risk_only_partner_does_not_see_prison_only_people(as_consumer, population):
    p = person(population, lambda p: p.crn is None and p.in_prison)
    body = await query(as_consumer("probation-partner"), PERSON, id=p.prisoner_number)
    assert body["data"]["person"] is None and codes(body) == ["NOT_FOUND"]


async def test_reference_only_consumer(as_consumer, population):
    client = as_consumer("reference-only")
    body = await query(client, PERSON, id=person(population, in_prison("MDI")).crn)
    assert body["data"]["person"] is None and codes(body) == ["FORBIDDEN"]
    body = await query(client, "{ referenceData { probationReferenceData { category values { code } } } }")
    assert "errors" not in body
    assert {c["category"] for c in body["data"]["referenceData"]["probationReferenceData"]} >= {
        "GENDER",
        "REGISTER_TYPE",
    }


async def test_empty_prisons_list_allows_nobody(as_consumer, population, simulator):
    client = as_consumer("no-prisons-client")
    body = await query(client, PERSON, id=person(population, in_prison("MDI")).crn)
    assert body["data"]["person"] is None and codes(body) == ["NOT_FOUND"]
    body = await query(client, '{ prison(prisonId: "MDI") { prisoners { items { hmppsId } } } }')
    assert body["data"]["prison"] is None and codes(body) == ["NOT_FOUND"]
    simulator.controls.reset_counters()
    body = await query(client, '{ prisoners(lastName: "Smith") { items { hmppsId } pagination { totalCount } } }')
    assert body["data"]["prisoners"] == {"items": [], "pagination": {"totalCount": 0}}
    assert not simulator.controls.endpoint_calls  # nothing asked upstream


async def test_unknown_consumer_reads_nothing(as_consumer, population):
    body = await query(as_consumer("somebody-else"), PERSON, id=person(population, in_prison("MDI")).crn)
    assert body["data"]["person"] is None and codes(body) == ["FORBIDDEN"]


async def test_role_granted_by_token_authority(app_client, simulator, population):
    token = simulator.auth.issue("unlisted-client", ["ROLE_PERSON_GRAPH__FULL_ACCESS"])
    app_client.headers["Authorization"] = f"Bearer {token}"
    body = await query(app_client, PERSON, id=person(population, in_prison("BMI")).crn)
    assert body["data"]["person"]["firstName"]


# ---- searches are filtered upstream ---------------------------------------------------------------


async def test_prison_operator_search_only_finds_people_in_its_prisons(as_consumer, population, simulator):
    surname = "Smith"
    simulator.controls.reset_counters()
    body = await query(
        as_consumer("private-prison-operator"),
        '{ prisoners(lastName: "Smith", perPage: 100) { items { prisonId } pagination { totalCount } } }',
    )
    found = body["data"]["prisoners"]
    expected = [
        p for p in population.people if p.prisoner_number and p.last_name == surname and p.prison_id in ("MDI", "LEI")
    ]
    assert found["pagination"]["totalCount"] == len(expected) > 0
    assert {item["prisonId"] for item in found["items"]} <= {"MDI", "LEI"}
    assert simulator.controls.endpoint_calls["prisoner-search POST /attribute-search"] == 1
    # persons(...) for a prison-filtered consumer goes to prisoner search too: nobody from elsewhere.
    body = await query(
        as_consumer("private-prison-operator"),
        '{ persons(lastName: "Smith", perPage: 100) { items { prisonId } pagination { totalCount } } }',
    )
    assert body["data"]["persons"]["pagination"]["totalCount"] == len(expected), body


async def test_enumeration_by_aliases_reveals_nothing(as_consumer, population):
    elsewhere = [p.crn for p in population.people if p.crn and p.prison_id not in ("MDI", "LEI")][:10]
    missing = [f"X99{n:04d}" for n in range(10)]
    document = (
        "{ "
        + " ".join(
            f'p{i}: person(hmppsId: "{hmpps_id}") {{ hmppsId firstName }}'
            for i, hmpps_id in enumerate(elsewhere + missing)
        )
        + " }"
    )
    body = await query(as_consumer("private-prison-operator"), document)
    assert all(value is None for value in body["data"].values())
    shapes = {
        (e["message"].replace(hmpps_id, "<id>"), tuple(sorted(e["extensions"].items())))
        for e, hmpps_id in zip(
            sorted(body["errors"], key=lambda e: int(e["path"][0][1:])), elsewhere + missing, strict=False
        )
    }
    assert shapes == {("Could not find person with HMPPS id: <id>", (("code", "NOT_FOUND"),))}


async def test_search_with_no_criteria_is_rejected(as_consumer):
    body = await query(as_consumer("private-prison-operator"), "{ prisoners { items { hmppsId } } }")
    assert body["data"]["prisoners"] is None and codes(body) == ["BAD_USER_INPUT"]


# ---- limited-access offenders ----------------------------------------------------------------------


async def test_limited_access_policy(as_consumer, population):
    p = person(population, lambda p: (p.restricted or p.excluded) and p.has_oasys and p.mappa)
    body = await query(as_consumer("full-access-client"), PERSON, id=p.crn)
    data = body["data"]["person"]
    assert data["firstName"] is not None  # the person is still there
    assert data["gender"] is None and data["contactDetails"] is None  # removed, without an error
    assert data["risks"]["seriousHarm"] is None  # rejected
    error = error_at(body, "person", "risks", "seriousHarm")
    assert error["extensions"] == {"code": "FORBIDDEN", "reason": "LIMITED_ACCESS"}
    assert data["risks"]["mappaDetail"] == {"level": p.mappa["level"], "notes": "**REDACTED**"}  # masked


async def test_limited_access_removal_applies_in_search_results(as_consumer, population):
    p = person(population, lambda p: p.restricted or p.excluded)
    body = await query(
        as_consumer("full-access-client"),
        "query($n: String!) { persons(lastName: $n, perPage: 100) { items { hmppsId gender } } }",
        n=p.last_name,
    )
    mine = next(item for item in body["data"]["persons"]["items"] if item["hmppsId"] == p.crn)
    assert mine["gender"] is None


# ---- audit -------------------------------------------------------------------------------------


async def test_audit_records_who_read_which_person_without_the_data(as_consumer, population, audit):
    p = person(population, in_prison("MDI"))
    await query(as_consumer("probation-partner"), PERSON, id=p.crn)
    [record] = audit.records
    assert record.consumer == "probation-partner"
    assert record.person == {"nomisNumber": p.prisoner_number, "crn": p.crn}
    assert record.fields["Person.firstName"] == "served"
    assert record.fields["Person.alerts"] == "forbidden"
    assert record.outcome == "forbidden"
    assert p.first_name not in str(record) and p.last_name not in str(record)


async def test_audit_records_filtered_reads(as_consumer, population, audit):
    p = person(population, in_prison("BMI"))
    await query(as_consumer("private-prison-operator"), PERSON, id=p.crn)
    [record] = audit.records
    assert record.outcome == "filtered" and record.person["crn"] == p.crn


# ---- authentication -------------------------------------------------------------------------------


def _token(key, **overrides) -> str:
    now = int(time.time())
    claims = {"client_id": "full-access-client", "iss": ISSUER, "iat": now, "exp": now + 600, **overrides}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "person-graph-simulator-dev-key"})


def _bad_tokens(simulator) -> dict[str, str]:
    key = simulator.auth.private_key
    public_pem = key.public_key().public_bytes(
        encoding=__import__("cryptography.hazmat.primitives.serialization", fromlist=["Encoding"]).Encoding.PEM,
        format=__import__(
            "cryptography.hazmat.primitives.serialization", fromlist=["PublicFormat"]
        ).PublicFormat.SubjectPublicKeyInfo,
    )
    now = int(time.time())
    header_none = jwt.utils.base64url_encode(b'{"alg":"none","typ":"JWT"}').decode()
    payload = jwt.utils.base64url_encode(
        f'{{"client_id":"full-access-client","iss":"{ISSUER}","exp":{now + 600}}}'.encode()
    ).decode()
    return {
        "expired": _token(key, exp=now - 3600, iat=now - 7200),
        "wrong issuer": _token(key, iss="https://evil.example/issuer"),
        "wrong key": _token(rsa.generate_private_key(public_exponent=65537, key_size=2048)),
        "alg none": f"{header_none}.{payload}.",
        "HS256 with the public key": _hs256(public_pem, now),
        "garbage": "not.a.token",
        "unknown kid": jwt.encode(
            {"client_id": "x", "iss": ISSUER, "exp": now + 600}, key, algorithm="RS256", headers={"kid": "rotated-away"}
        ),
    }


def _hs256(secret: bytes, now: int) -> str:
    header = jwt.utils.base64url_encode(b'{"alg":"HS256","typ":"JWT","kid":"person-graph-simulator-dev-key"}')
    payload = jwt.utils.base64url_encode(
        f'{{"client_id":"full-access-client","iss":"{ISSUER}","exp":{now + 600}}}'.encode()
    )
    import hashlib
    import hmac

    signature = jwt.utils.base64url_encode(hmac.new(secret, header + b"." + payload, hashlib.sha256).digest())
    return (header + b"." + payload + b"." + signature).decode()


@pytest.mark.parametrize(
    "case", ["expired", "wrong issuer", "wrong key", "alg none", "HS256 with the public key", "garbage", "unknown kid"]
)
async def test_invalid_tokens_are_401(app_client, simulator, case):
    token = _bad_tokens(simulator)[case]
    simulator.controls.reset_counters()
    response = await app_client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert not any(key.split()[0] != "hmpps-auth" for key in simulator.controls.endpoint_calls)


async def test_anonymous_is_the_demo_consumer_in_embedded_mode(app_client, population):
    p = person(population, in_prison("BMI"))
    body = await query(app_client, PERSON, id=p.crn)
    assert body["data"]["person"]["firstName"]


async def test_no_anonymous_access_with_real_upstreams():
    urls = {
        name: f"http://127.0.0.1:9/{name}"
        for name in UPSTREAMS  # every upstream the graph calls
    }
    app = create_app(Settings(upstream_urls=urls, auth_url="http://127.0.0.1:9/auth"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        response = await client.post("/graphql", json={"query": "{ __typename }"})
        assert response.status_code == 401
        assert response.json() == {
            "errors": [
                {
                    "message": "authentication required: send an HMPPS Auth bearer token",
                    "extensions": {"code": "UNAUTHENTICATED"},
                }
            ]
        }
        assert response.headers["www-authenticate"].startswith("Bearer")
    await app.state.upstreams.aclose()


async def test_client_certificate_subject_only_when_trusted(simulator, population):
    p = person(population, in_prison("MDI"))
    header = {"subject-distinguished-name": "C=GB,O=Partner,CN=private-prison-operator"}
    for trusted in (True, False):
        app = create_app(Settings(trust_subject_header=trusted), embedded_simulator=simulator)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
            body = (
                await client.post("/graphql", json={"query": PERSON, "variables": {"id": p.crn}}, headers=header)
            ).json()
        await app.state.upstreams.aclose()
        # Trusted: the operator (no seriousHarm). Untrusted: the header is ignored -> anonymous demo (all).
        serious = body["data"]["person"]["risks"]["seriousHarm"]
        assert (serious is None) == trusted


# ---- the other filters ----------------------------------------------------------------------------


def _app_with_consumers(tmp_path, simulator, text: str):
    path = tmp_path / "consumers.yml"
    path.write_text(text)
    return create_app(Settings(consumers_file=str(path)), embedded_simulator=simulator)


async def test_alert_codes_and_mappa_categories_filters(tmp_path, simulator, population):
    p = person(
        population,
        lambda p: (
            p.in_prison
            and p.crn
            and len({a.code for a in p.alerts}) >= 2
            and p.mappa
            and not (p.restricted or p.excluded)
        ),
    )
    allowed_code = sorted({a.code for a in p.alerts})[0]
    other_category = {1: 2, 2: 3, 3: 1}[p.mappa["category"]]
    app = _app_with_consumers(
        tmp_path,
        simulator,
        f"""
roles:
  all: {{include: ["*"]}}
consumers:
  narrow:
    roles: [all]
    filters: {{alertCodes: [{allowed_code}], mappaCategories: [{other_category}]}}
  wide:
    roles: [all]
    filters: {{mappaCategories: [{p.mappa["category"]}]}}
""",
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        client.headers["Authorization"] = f"Bearer {simulator.auth.issue('narrow', [])}"
        body = await query(
            client,
            "query($id: ID!) { person(hmppsId: $id) { alerts(perPage: 100) { items { code } } "
            "risks { mappaDetail { category } } } }",
            id=p.crn,
        )
        assert {a["code"] for a in body["data"]["person"]["alerts"]["items"]} == {allowed_code}
        assert body["data"]["person"]["risks"]["mappaDetail"] is None
        client.headers["Authorization"] = f"Bearer {simulator.auth.issue('wide', [])}"
        body = await query(
            client, "query($id: ID!) { person(hmppsId: $id) { risks { mappaDetail { category } } } }", id=p.crn
        )
        assert body["data"]["person"]["risks"]["mappaDetail"] == {"category": p.mappa["category"]}
    await app.state.upstreams.aclose()


async def test_consumers_file_typos_fail_at_start_up(tmp_path, simulator):
    from access.consumers import ConsumersFileError

    with pytest.raises(ConsumersFileError, match=r"Person\.alert"):
        _app_with_consumers(tmp_path, simulator, "roles: {r: {include: [Person.alert]}}\nconsumers: {c: {roles: [r]}}")
    with pytest.raises(ConsumersFileError, match="unknown filters"):
        _app_with_consumers(
            tmp_path, simulator, "roles: {r: {include: ['*'], filters: {prison: [MDI]}}}\nconsumers: {}"
        )


async def test_audit_of_a_list_names_each_person_by_both_numbers(as_consumer, population, audit):
    await query(
        as_consumer("full-access-client"),
        '{ prison(prisonId: "MDI") { prisoners(perPage: 5) { items { hmppsId lastName } } } }',
    )
    people = sorted(population.prisoners_in("MDI"), key=lambda p: (p.last_name, p.first_name, p.prisoner_number))[:5]
    assert sorted((r.person["nomisNumber"], r.person["crn"]) for r in audit.records) == sorted(
        (p.prisoner_number, p.crn) for p in people
    )
    assert all(r.fields == {"Person.hmppsId": "served", "Person.lastName": "served"} for r in audit.records)


# ---- the person filters, one rule (access/visibility.py) ------------------------------------------


async def test_per_field_filter_denies_a_person_held_elsewhere(as_consumer, population, audit, monkeypatch):
    """Defence in depth: were a way in to let a person held elsewhere through, each PrisonFiltered
    field of theirs is still NOT_FOUND, and audited as filtered."""
    import resolvers.person

    monkeypatch.setattr(resolvers.person, "may_see_person", lambda *args, **kwargs: True)  # a leaky way in
    p = person(population, in_prison("BMI"))
    body = await query(
        as_consumer("private-prison-operator"),
        "query($id: ID!) { person(hmppsId: $id) { hmppsId alerts { items { code } } cellLocation { prisonCode } } }",
        id=p.crn,
    )
    data = body["data"]["person"]
    assert data == {"hmppsId": p.crn, "alerts": None, "cellLocation": None}
    for field in ("alerts", "cellLocation"):
        error = error_at(body, "person", field)
        assert error["extensions"] == {"code": "NOT_FOUND"}
        assert error["message"] == f"Could not find person with HMPPS id: {p.crn}"
    [record] = audit.records
    assert record.fields["Person.alerts"] == "filtered" and record.fields["Person.cellLocation"] == "filtered"
    assert record.outcome == "filtered"


STATUS_CONSUMERS = """
roles:
  all: {include: ["*"]}
consumers:
  prisons-only: {roles: [all], filters: {supervisionStatuses: [PRISONS]}}
  both: {roles: [all], filters: {supervisionStatuses: [PRISONS, PROBATION]}}
  mdi-probation: {roles: [all], filters: {prisons: [MDI], supervisionStatuses: [PROBATION]}}
"""


@pytest.mark.parametrize(
    ("consumer", "kind", "found"),
    [
        ("prisons-only", "in prison", True),
        ("prisons-only", "released", False),
        ("prisons-only", "probation only", False),
        ("both", "released", True),
        ("both", "probation only", True),
        ("both", "prison only", True),
        ("mdi-probation", "in MDI, known to probation", True),
        ("mdi-probation", "in MDI, prison only", False),
    ],
    ids=lambda v: str(v),
)
async def test_supervision_statuses_through_the_graph(tmp_path, simulator, population, consumer, kind, found):
    predicate = {
        "in prison": lambda p: p.in_prison and p.crn,
        "released": lambda p: p.prison_id == "OUT" and p.crn,
        "probation only": lambda p: p.prisoner_number is None,
        "prison only": lambda p: p.in_prison and p.crn is None,
        "in MDI, known to probation": lambda p: p.prison_id == "MDI" and p.crn,
        "in MDI, prison only": lambda p: p.prison_id == "MDI" and p.crn is None,
    }[kind]
    p = person(population, predicate)
    app = _app_with_consumers(tmp_path, simulator, STATUS_CONSUMERS)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        client.headers["Authorization"] = f"Bearer {simulator.auth.issue(consumer, [])}"
        body = await query(
            client, "query($id: ID!) { person(hmppsId: $id) { hmppsId } }", id=p.crn or p.prisoner_number
        )
    await app.state.upstreams.aclose()
    if found:
        assert body["data"]["person"]["hmppsId"] == (p.crn or p.prisoner_number)
    else:
        assert body["data"]["person"] is None and codes(body) == ["NOT_FOUND"]


async def test_prisons_only_search_finds_no_released_people(tmp_path, simulator, population):
    released = person(population, lambda p: p.prison_id == "OUT")
    app = _app_with_consumers(tmp_path, simulator, STATUS_CONSUMERS)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        for consumer, root in (
            ("prisons-only", "prisoners"),
            ("prisons-only", "persons"),
            ("mdi-probation", "prisoners"),
        ):
            client.headers["Authorization"] = f"Bearer {simulator.auth.issue(consumer, [])}"
            body = await query(
                client,
                f"query($n: String!) {{ {root}(lastName: $n, perPage: 100) {{ items {{ prisonId identifiers {{ deliusCrn }} }} "
                "pagination { totalCount } } }",
                n=released.last_name,
            )
            page = body["data"][root]
            assert page["pagination"]["totalCount"] == len(page["items"]) > 0, (consumer, root, body)
            assert "OUT" not in {item["prisonId"] for item in page["items"]}
            if consumer == "mdi-probation":
                assert {item["prisonId"] for item in page["items"]} == {"MDI"}
                assert all(item["identifiers"]["deliusCrn"] for item in page["items"])
    await app.state.upstreams.aclose()


async def test_prison_list_holds_only_people_the_statuses_allow(tmp_path, simulator, population):
    expected = sorted(p.crn for p in population.prisoners_in("MDI") if p.crn)
    assert len(expected) < len(population.prisoners_in("MDI"))  # some in MDI are unknown to probation
    app = _app_with_consumers(
        tmp_path,
        simulator,
        STATUS_CONSUMERS + "  probation-only: {roles: [all], filters: {supervisionStatuses: [PROBATION]}}\n",
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        client.headers["Authorization"] = f"Bearer {simulator.auth.issue('probation-only', [])}"
        document = (
            '{ prison(prisonId: "MDI") { prisoners(page: %d, perPage: 100) '
            "{ items { identifiers { deliusCrn } } pagination { totalCount isLastPage } } } }"
        )
        seen: list[str] = []
        for page in range(1, 100):
            body = await query(client, document % page)
            assert "errors" not in body, body
            listed = body["data"]["prison"]["prisoners"]
            assert listed["pagination"]["totalCount"] == len(expected)
            seen += [item["identifiers"]["deliusCrn"] for item in listed["items"]]
            if listed["pagination"]["isLastPage"]:
                break
        assert sorted(seen) == expected
        client.headers["Authorization"] = f"Bearer {simulator.auth.issue('prisons-only', [])}"
        body = await query(client, '{ prison(prisonId: "MDI") { prisoners { pagination { totalCount } } } }')
        assert body["data"]["prison"]["prisoners"]["pagination"]["totalCount"] == len(population.prisoners_in("MDI"))
    await app.state.upstreams.aclose()
