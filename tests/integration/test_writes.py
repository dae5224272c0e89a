"""The mutations through the graph's HTTP app (real JWTs, consumers.example.yml, the session simulator):
success read back through the graph, each invalid input, duplicates (in a row and at once),
insufficient funds, a consumer without the role, one filtered to another prison, GET, the audit.

The simulator is shared by the session, so every test uses references of its own.
"""

from __future__ import annotations

import asyncio
import dataclasses
import uuid

import httpx
import pytest

from access.audit import MemoryAuditSink
from server import create_app
from settings import Settings
from simulator.controls import FaultRule
from simulator.jobs_board import job_ids
from simulator.population import Person
from tests.conftest import query
from tests.fields.test_accounts import CREATE, EXPRESS_INTEREST, TRANSFER
from tests.integration.test_hostile_ids import CORPUS, PathRecorder

CREATE_TRANSACTION = """
mutation ($prisonId: ID!, $id: ID!, $t: TransactionRequest!) {
  createTransaction(prisonId: $prisonId, hmppsId: $id, transaction: $t) { transactionId clientUniqueRef }
}"""
TRANSFER_TO_SAVINGS = """
mutation ($prisonId: ID!, $id: ID!, $t: TransactionTransferRequest!) {
  createTransactionTransfer(prisonId: $prisonId, hmppsId: $id, transfer: $t) {
    debitTransactionId creditTransactionId transactionId clientUniqueRef
  }
}"""
EXPRESS = """
mutation ($id: ID!, $job: ID!) { submitExpressionOfInterest(hmppsId: $id, jobId: $job) { hmppsId prisonerNumber jobId } }"""
ACCOUNTS = """
query ($id: ID!, $ref: String!) { person(hmppsId: $id) { accounts {
  balances { accountCode amount }
  spends: transactions(accountCode: spends) { id amount type { code } description }
  savings: transactions(accountCode: savings) { id amount }
  transaction(clientUniqueRef: $ref) { id amount }
} } }"""


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
    def for_consumer(name: str) -> httpx.AsyncClient:
        app_client.headers["Authorization"] = f"Bearer {simulator.auth.issue(name, [])}"
        return app_client

    return for_consumer


@pytest.fixture
def full(as_consumer) -> httpx.AsyncClient:
    return as_consumer("full-access-client")


def prisoner_in(population, prison: str, n: int = 0) -> Person:
    """The n-th person in this prison with both records (so the audit names both numbers)."""
    return [p for p in population.people if p.prison_id == prison and p.crn and p.prisoner_number][n]


def ref(what: str) -> str:
    return f"{what}-{uuid.uuid4().hex[:16]}"


def transaction(reference: str, **changes: object) -> dict:
    return {"type": "CANT", "amount": 125, "clientTransactionId": "CT-1", "clientUniqueRef": reference, **changes}


def transfer(reference: str, **changes: object) -> dict:
    return {
        "amount": 40,
        "description": "Saving up",
        "clientTransactionId": "CT-2",
        "clientUniqueRef": reference,
        **changes,
    }


async def accounts(client: httpx.AsyncClient, p: Person, reference: str = "none-such") -> dict:
    body = await query(client, ACCOUNTS, id=p.prisoner_number, ref=reference)
    return body["data"]["person"]["accounts"]


def balances(read: dict) -> dict[str, int]:
    return {b["accountCode"]: b["amount"] for b in read["balances"]}


def codes(body: dict) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


def write_records(audit: MemoryAuditSink, coordinate: str) -> list:
    return [r for r in audit.records if coordinate in r.fields]


# ---- success, read back through the graph ------------------------------------------------------------


async def test_a_transaction_is_written_once_and_read_back(full, population, audit):
    p = prisoner_in(population, "MDI", 0)
    reference = ref("canteen")
    before = balances(await accounts(full, p))

    body = await query(full, CREATE_TRANSACTION, prisonId="MDI", id=p.prisoner_number, t=transaction(reference))

    assert "errors" not in body, body
    created = body["data"]["createTransaction"]
    assert created["clientUniqueRef"] == reference
    after = await accounts(full, p, reference)
    assert balances(after) == {**before, "spends": before["spends"] - 125}
    assert after["spends"][0] == {
        "id": created["transactionId"],
        "amount": -125,
        "type": {"code": "CANT"},
        "description": "Canteen Spend",
    }
    assert after["transaction"] == {"id": created["transactionId"], "amount": -125}
    [record] = write_records(audit, "Mutation.createTransaction")
    assert record.consumer == "full-access-client"
    assert record.person == {"nomisNumber": p.prisoner_number, "crn": p.crn}
    assert record.fields["Mutation.createTransaction"] == "written"


async def test_a_transfer_moves_spends_to_savings(full, population, audit):
    p = prisoner_in(population, "MDI", 1)
    reference = ref("save")
    before = balances(await accounts(full, p))

    body = await query(full, TRANSFER_TO_SAVINGS, prisonId="MDI", id=p.prisoner_number, t=transfer(reference))

    assert "errors" not in body, body
    done = body["data"]["createTransactionTransfer"]
    assert done["debitTransactionId"] == f"{done['transactionId']}-1"
    assert done["creditTransactionId"] == f"{done['transactionId']}-2"
    after = await accounts(full, p, reference)
    assert balances(after) == {**before, "spends": before["spends"] - 40, "savings": before["savings"] + 40}
    assert {"id": done["debitTransactionId"], "amount": -40} in [
        {"id": t["id"], "amount": t["amount"]} for t in after["spends"]
    ]
    assert {"id": done["creditTransactionId"], "amount": 40} in after["savings"]
    assert write_records(audit, "Mutation.createTransactionTransfer")[0].outcome == "written"


# ---- invalid input: BAD_USER_INPUT, nothing sent upstream, nothing written -------------------------------

INVALID_TRANSACTIONS = {
    "zero amount": ({"amount": 0}, "transaction.amount"),
    "negative amount": ({"amount": -100}, "transaction.amount"),
    "reference of 65 characters": ({"clientUniqueRef": "r" * 65}, "transaction.clientUniqueRef"),
    "reference with a space": ({"clientUniqueRef": "two words"}, "transaction.clientUniqueRef"),
    "reference with a non-ASCII letter": ({"clientUniqueRef": "café-1"}, "transaction.clientUniqueRef"),
    "empty reference": ({"clientUniqueRef": ""}, "transaction.clientUniqueRef"),
    "client transaction id of 13 characters": ({"clientTransactionId": "C" * 13}, "transaction.clientTransactionId"),
    "description of 241 characters": ({"description": "d" * 241}, "transaction.description"),
    "description with a control character": ({"description": "a\u0007b"}, "transaction.description"),
}


@pytest.mark.parametrize("case", INVALID_TRANSACTIONS, ids=list(INVALID_TRANSACTIONS))
async def test_invalid_transaction_is_bad_user_input(full, population, simulator, audit, case):
    p = prisoner_in(population, "MDI", 2)
    changes, argument = INVALID_TRANSACTIONS[case]

    body = await query(
        full, CREATE_TRANSACTION, prisonId="MDI", id=p.prisoner_number, t=transaction(ref("bad"), **changes)
    )

    assert body["data"]["createTransaction"] is None
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument}
    assert simulator.controls.endpoint_calls[CREATE] == 0
    assert write_records(audit, "Mutation.createTransaction")[0].fields["Mutation.createTransaction"] == "rejected"


@pytest.mark.parametrize(
    ("variables", "argument"),
    [
        ({"prisonId": "MD1"}, "prisonId"),
        ({"prisonId": "MDI\n"}, "prisonId"),
        ({"id": "not-an-id"}, "hmppsId"),
    ],
    ids=["prison id with a digit", "prison id with a newline", "malformed hmppsId"],
)
async def test_malformed_identifiers_are_bad_user_input(full, population, simulator, variables, argument):
    p = prisoner_in(population, "MDI", 2)
    sent = {"prisonId": "MDI", "id": p.prisoner_number, "t": transaction(ref("bad")), **variables}

    body = await query(full, CREATE_TRANSACTION, **sent)

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["argument"] == argument
    assert simulator.controls.endpoint_calls[CREATE] == 0


async def test_unknown_transaction_type_is_refused_before_execution(full, population, simulator):
    p = prisoner_in(population, "MDI", 2)
    body = await query(
        full, CREATE_TRANSACTION, prisonId="MDI", id=p.prisoner_number, t=transaction(ref("x"), type="GIFT")
    )
    assert codes(body) == ["BAD_USER_INPUT"]
    assert simulator.controls.endpoint_calls[CREATE] == 0


async def test_a_prison_that_is_not_the_persons_is_bad_user_input(full, population, simulator, audit):
    p = prisoner_in(population, "MDI", 2)

    body = await query(full, CREATE_TRANSACTION, prisonId="LEI", id=p.prisoner_number, t=transaction(ref("where")))

    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "prisonId"}
    assert "not in prison LEI" in body["errors"][0]["message"]
    assert simulator.controls.endpoint_calls[CREATE] == 0


async def test_a_released_person_has_no_prison_to_write_to(full, population, simulator):
    p = next(p for p in population.people if p.prison_id == "OUT" and p.last_prison_id)

    body = await query(
        full, CREATE_TRANSACTION, prisonId=p.last_prison_id, id=p.prisoner_number, t=transaction(ref("out"))
    )

    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "prisonId"}
    assert simulator.controls.endpoint_calls[CREATE] == 0


@pytest.mark.parametrize(
    ("changes", "argument"),
    [
        ({"fromAccount": "cash"}, "transfer.fromAccount"),
        ({"toAccount": "spends"}, "transfer.fromAccount"),
        ({"description": ""}, "transfer.description"),
        ({"amount": 0}, "transfer.amount"),
        ({"clientUniqueRef": "semi;colon"}, "transfer.clientUniqueRef"),
    ],
    ids=["from cash", "to spends", "no description", "zero amount", "reference with a semicolon"],
)
async def test_invalid_transfer_is_bad_user_input(full, population, simulator, changes, argument):
    p = prisoner_in(population, "MDI", 2)

    body = await query(
        full, TRANSFER_TO_SAVINGS, prisonId="MDI", id=p.prisoner_number, t=transfer(ref("bad"), **changes)
    )

    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument}
    assert simulator.controls.endpoint_calls[TRANSFER] == 0


# ---- insufficient funds: the upstream's refusal, in its words --------------------------------------------


@pytest.mark.parametrize("mutation", ["transaction", "transfer"])
async def test_insufficient_funds_is_a_clear_error_and_writes_nothing(full, population, audit, mutation):
    p = prisoner_in(population, "MDI", 3)
    before = await accounts(full, p)
    if mutation == "transaction":
        body = await query(
            full, CREATE_TRANSACTION, prisonId="MDI", id=p.prisoner_number, t=transaction(ref("big"), amount=99_999_999)
        )
    else:
        body = await query(
            full, TRANSFER_TO_SAVINGS, prisonId="MDI", id=p.prisoner_number, t=transfer(ref("big"), amount=99_999_999)
        )

    [error] = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "upstream": "prison-api", "reason": "INSUFFICIENT_FUNDS"}
    assert error["message"].startswith("Insufficient Funds")
    assert "Exception" not in error["message"]
    assert await accounts(full, p) == before
    assert "rejected" in {r.outcome for r in audit.records}


# ---- the same clientUniqueRef twice -----------------------------------------------------------------------


async def test_a_repeated_reference_is_conflict_naming_the_first_transaction(full, population, audit):
    p = prisoner_in(population, "MDI", 4)
    reference = ref("twice")
    first = await query(full, CREATE_TRANSACTION, prisonId="MDI", id=p.prisoner_number, t=transaction(reference))
    after_first = balances(await accounts(full, p))

    second = await query(
        full, CREATE_TRANSACTION, prisonId="MDI", id=p.prisoner_number, t=transaction(reference, amount=999)
    )

    transaction_id = first["data"]["createTransaction"]["transactionId"]
    assert second["data"]["createTransaction"] is None
    [error] = second["errors"]
    assert error["extensions"] == {"code": "CONFLICT", "clientUniqueRef": reference, "transactionId": transaction_id}
    assert transaction_id in error["message"]
    assert balances(await accounts(full, p)) == after_first
    outcomes = [r.fields["Mutation.createTransaction"] for r in write_records(audit, "Mutation.createTransaction")]
    assert outcomes == ["written", "conflict"]


async def test_a_transfer_reusing_a_transactions_reference_is_conflict(full, population):
    p = prisoner_in(population, "MDI", 4)
    reference = ref("shared")
    await query(full, CREATE_TRANSACTION, prisonId="MDI", id=p.prisoner_number, t=transaction(reference))

    body = await query(full, TRANSFER_TO_SAVINGS, prisonId="MDI", id=p.prisoner_number, t=transfer(reference))

    assert codes(body) == ["CONFLICT"]


async def test_two_at_once_with_one_reference_exactly_one_is_written(full, population, simulator):
    p = prisoner_in(population, "MDI", 5)
    reference = ref("race")
    before = balances(await accounts(full, p))

    bodies = await asyncio.gather(
        *(
            query(full, CREATE_TRANSACTION, prisonId="MDI", id=p.prisoner_number, t=transaction(reference))
            for _ in range(2)
        )
    )

    assert sorted(tuple(codes(b)) for b in bodies) == [(), ("CONFLICT",)]
    assert simulator.controls.endpoint_calls[CREATE] == 2
    assert balances(await accounts(full, p))["spends"] == before["spends"] - 125


# ---- who may write ------------------------------------------------------------------------------------------


async def test_a_consumer_without_the_role_is_forbidden_and_nothing_is_sent(as_consumer, population, simulator, audit):
    p = prisoner_in(population, "MDI", 6)

    body = await query(
        as_consumer("private-prison-operator"),
        CREATE_TRANSACTION,
        prisonId="MDI",
        id=p.prisoner_number,
        t=transaction(ref("nope")),
    )

    assert body["data"]["createTransaction"] is None
    assert codes(body) == ["FORBIDDEN"]
    assert simulator.controls.endpoint_calls[CREATE] == 0
    [record] = write_records(audit, "Mutation.createTransaction")
    assert record.consumer == "private-prison-operator"
    assert record.person["nomisNumber"] == p.prisoner_number
    assert record.outcome == "forbidden"


async def test_a_consumer_filtered_to_another_prison_finds_no_one(as_consumer, population, simulator, audit):
    p = prisoner_in(population, "MDI", 6)
    partner = as_consumer("leeds-finance-partner")

    body = await query(partner, CREATE_TRANSACTION, prisonId="MDI", id=p.prisoner_number, t=transaction(ref("far")))
    unknown = await query(partner, CREATE_TRANSACTION, prisonId="MDI", id="Z9999ZZ", t=transaction(ref("far")))

    assert codes(body) == ["NOT_FOUND"]
    assert body["errors"][0]["message"] == unknown["errors"][0]["message"].replace("Z9999ZZ", p.prisoner_number)
    assert simulator.controls.endpoint_calls[CREATE] == 0
    assert write_records(audit, "Mutation.createTransaction")[0].outcome == "filtered"


async def test_the_filtered_consumer_writes_in_its_own_prison(as_consumer, population):
    p = prisoner_in(population, "LEI", 0)

    body = await query(
        as_consumer("leeds-finance-partner"),
        CREATE_TRANSACTION,
        prisonId="LEI",
        id=p.prisoner_number,
        t=transaction(ref("lei"), type="MTDS"),
    )

    assert "errors" not in body, body


async def test_a_write_is_not_retried_when_the_upstream_fails(full, population, simulator, audit):
    p = prisoner_in(population, "MDI", 7)
    simulator.controls.faults.append(FaultRule(target=CREATE, type="status", status=503))

    body = await query(full, CREATE_TRANSACTION, prisonId="MDI", id=p.prisoner_number, t=transaction(ref("down")))

    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "upstream": "prison-api"}
    assert simulator.controls.endpoint_calls[CREATE] == 1
    assert write_records(audit, "Mutation.createTransaction")[0].outcome == "failed"


async def test_a_mutation_over_get_is_405_allow_post(full, population, simulator):
    p = prisoner_in(population, "MDI", 7)
    document = f'mutation {{ createTransaction(prisonId: "MDI", hmppsId: "{p.prisoner_number}", transaction: {{type: MTDS, amount: 1, clientTransactionId: "C", clientUniqueRef: "{ref("get")}"}}) {{ transactionId }} }}'

    response = await full.get("/graphql", params={"query": document})

    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert simulator.controls.endpoint_calls[CREATE] == 0


# ---- expression of interest --------------------------------------------------------------------------------


async def test_expression_of_interest_is_registered(full, population, simulator, audit):
    p = prisoner_in(population, "MDI", 8)

    body = await query(full, EXPRESS, id=p.crn, job=job_ids()[0].upper())

    assert body["data"]["submitExpressionOfInterest"] == {
        "hmppsId": p.crn,
        "prisonerNumber": p.prisoner_number,
        "jobId": job_ids()[0],
    }
    assert simulator.controls.endpoint_calls[EXPRESS_INTEREST] == 1
    assert write_records(audit, "Mutation.submitExpressionOfInterest")[0].outcome == "written"


@pytest.mark.parametrize(
    ("job", "code"),
    [(str(uuid.UUID(int=7)), "NOT_FOUND"), ("job-1", "BAD_USER_INPUT")],
    ids=["unknown job", "malformed job id"],
)
async def test_expression_of_interest_in_a_job_that_is_not_there(full, population, job, code):
    p = prisoner_in(population, "MDI", 8)
    body = await query(full, EXPRESS, id=p.prisoner_number, job=job)
    assert codes(body) == [code]


async def test_expression_of_interest_needs_a_nomis_number(full, population, simulator):
    p = next(p for p in population.people if p.crn and not p.prisoner_number)
    body = await query(full, EXPRESS, id=p.crn, job=job_ids()[0])
    assert codes(body) == ["NOT_FOUND"]
    assert simulator.controls.endpoint_calls[EXPRESS_INTEREST] == 0


# ---- hostile identifiers in every identifier a mutation takes ---------------------------------------------


@pytest.fixture
async def recorded(simulator):
    """The graph over a simulator that records every path asked of it (tests/integration/test_hostile_ids.py)."""
    recorder = PathRecorder(simulator.app)
    app = create_app(Settings(), embedded_simulator=dataclasses.replace(simulator, app=recorder))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://graph") as client:
        yield client, recorder
    await app.state.upstreams.aclose()


HOSTILE_TARGETS = {
    "hmppsId": lambda v: {"prisonId": "MDI", "id": v, "t": transaction("hostile-1", amount=99_999_999)},
    "prisonId": lambda v: {"prisonId": v, "id": "A1234BC", "t": transaction("hostile-2", amount=99_999_999)},
    "transaction.clientUniqueRef": lambda v: {
        "prisonId": "MDI",
        "id": "A1234BC",
        "t": transaction(v, amount=99_999_999),
    },
    "transaction.clientTransactionId": lambda v: {
        "prisonId": "MDI",
        "id": "A1234BC",
        "t": transaction("hostile-3", amount=99_999_999, clientTransactionId=v),
    },
}


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
async def test_hostile_identifiers_in_a_transaction(recorded, target):
    """Every debit is far larger than any balance, so whatever gets through is refused upstream and
    nothing is written: the answer is always a coded refusal, never an internal error, and every
    upstream request is to a path the simulator serves."""
    client, recorder = recorded
    for value in CORPUS:
        body = await query(client, CREATE_TRANSACTION, **HOSTILE_TARGETS[target](value))
        found = codes(body)
        assert found and set(found) <= {"BAD_USER_INPUT", "NOT_FOUND"}, (target, value[:40], body)
    assert recorder.unrouted == []
    assert all(".." not in path and "%2e" not in path.lower() and "\n" not in path for path in recorder.paths)


async def test_hostile_job_ids(recorded):
    client, recorder = recorded
    for value in CORPUS:
        body = await query(client, EXPRESS, id="A1234BC", job=value)
        found = codes(body)
        assert found and set(found) <= {"BAD_USER_INPUT", "NOT_FOUND"}, (value[:40], body)
    assert recorder.unrouted == []
