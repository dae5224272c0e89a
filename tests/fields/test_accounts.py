"""Person.accounts and the writes' upstream endpoints: resolvers/accounts.py and resolvers/writes.py ->
loaders (reads) / upstreams (writes) -> upstream/prison_accounts.py, upstream/jobs_board.py ->
simulator/prison_accounts.py, simulator/jobs_board.py. Client rows, contract rows, and the reads
through the graph. The mutations' own tests: tests/integration/test_writes.py and tests/e2e/test_writes.py.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import date, timedelta

from simulator.controls import FaultRule
from simulator.jobs_board import job_ids
from simulator.population import Person, Population
from simulator.prison_accounts import seeded_reference
from tests.cases import GET_HAS_NO_BODY, UNKNOWN_NOMS, Call, Case, CaseBuilder, pick
from tests.conftest import query
from upstream.jobs_board import JobsBoardClient
from upstream.prison_accounts import CreateTransaction, PrisonAccountsClient, TransferTransaction

V1 = "/api/v1/prison/{prison_id}/offenders/{noms_id}"
BALANCES = f"prison-api GET {V1}/accounts"
HISTORY = "/api/transactions/prison/{prison_id}/offenders/{noms_id}"
TRANSACTIONS = f"prison-api GET {HISTORY}/accounts/{{account_code}}"
BY_REFERENCE = f"prison-api GET {V1}/transactions/{{client_unique_ref}}"
CREATE = f"prison-api POST {V1}/transactions"
TRANSFER = "prison-api POST /api/finance/prison/{prisonId}/offenders/{offenderNo}/transfer-to-savings"
EXPRESS_INTEREST = "jobs-board PUT /jobs/{jobId}/expressions-of-interest/{prisonNumber}"
JOB = "0a6c3f3e-5d6f-4e4b-9f0a-2b1c3d4e5f60"

CLIENT_CASES = [
    Case(
        "prison_accounts.account_balances",
        PrisonAccountsClient,
        "prison-api",
        lambda c: c.account_balances("MDI", "A1234AA"),
        "GET",
        "/api/v1/prison/MDI/offenders/A1234AA/accounts",
        {"spends": 5678, "savings": 12344, "cash": 13565},
        lambda r: (r.spends, r.savings, r.cash),
        (5678, 12344, 13565),
        on_404=None,
        wrong_shape={"spends": "lots"},
    ),
    Case(
        "prison_accounts.account_transactions",
        PrisonAccountsClient,
        "prison-api",
        lambda c: c.account_transactions("MDI", "A1234AA", "spends", date(2019, 4, 1), date(2019, 5, 1)),
        "GET",
        "/api/transactions/prison/MDI/offenders/A1234AA/accounts/spends",
        {
            "transactions": [
                {
                    "id": "204564839-3",
                    "type": {"code": "CANT", "desc": "Canteen Spend"},
                    "description": "Canteen Purchase of £16.34",
                    "amount": -1634,
                    "date": "2019-04-21",
                    "clientUniqueRef": "CLIENT121131-0_11",
                }
            ]
        },
        lambda r: [(t.id, t.type.code, t.amount, t.date, t.clientUniqueRef) for t in r.transactions],
        [("204564839-3", "CANT", -1634, date(2019, 4, 21), "CLIENT121131-0_11")],
        on_404=None,
        wrong_shape={"transactions": [{"id": "204564839-3"}]},
        params={"from_date": "2019-04-01", "to_date": "2019-05-01"},
    ),
    Case(
        "prison_accounts.transaction_by_client_unique_ref",
        PrisonAccountsClient,
        "prison-api",
        lambda c: c.transaction_by_client_unique_ref("MDI", "A1234AA", "CLIENT121131-0_11"),
        "GET",
        "/api/v1/prison/MDI/offenders/A1234AA/transactions/CLIENT121131-0_11",
        {
            "id": "6179604-1",
            "type": {"code": "MTDS", "desc": "Money through digital service"},
            "description": "Money sent",
            "amount": 2000,
            "date": "2019-04-21",
        },
        lambda r: (r.id, r.amount),
        ("6179604-1", 2000),
        on_404=None,
        wrong_shape={"id": 6179604},
    ),
    Case(
        "prison_accounts.create_transaction",
        PrisonAccountsClient,
        "prison-api",
        lambda c: c.create_transaction(
            "MDI",
            "A1234AA",
            CreateTransaction(
                type="CANT", amount=1634, client_transaction_id="CL123212", client_unique_ref="CLIENT121131-0_11"
            ),
        ),
        "POST",
        "/api/v1/prison/MDI/offenders/A1234AA/transactions",
        {"id": "6179604-1"},
        lambda r: r.id,
        "6179604-1",
        on_404=None,
        wrong_shape={"transactionId": "6179604-1"},
        body={
            "type": "CANT",
            "amount": 1634,
            "client_transaction_id": "CL123212",
            "client_unique_ref": "CLIENT121131-0_11",
        },
    ),
    Case(
        "prison_accounts.transfer_to_savings",
        PrisonAccountsClient,
        "prison-api",
        lambda c: c.transfer_to_savings(
            "MDI",
            "A1234AA",
            TransferTransaction(
                amount=500, description="Saving", client_transaction_id="CL1", client_unique_ref="save-1"
            ),
        ),
        "POST",
        "/api/finance/prison/MDI/offenders/A1234AA/transfer-to-savings",
        {"debitTransaction": {"id": "6179605-1"}, "creditTransaction": {"id": "6179605-2"}, "transactionId": 6179605},
        lambda r: (r.debitTransaction.id, r.creditTransaction.id, r.transactionId),
        ("6179605-1", "6179605-2", 6179605),
        on_404=None,
        wrong_shape={"debitTransaction": "6179605-1"},
        body={"amount": 500, "description": "Saving", "client_transaction_id": "CL1", "client_unique_ref": "save-1"},
    ),
    Case(
        "jobs_board.express_interest",
        JobsBoardClient,
        "jobs-board",
        lambda c: c.express_interest(JOB, "A1234AA"),
        "PUT",
        f"/jobs/{JOB}/expressions-of-interest/A1234AA",
        {"jobId": JOB, "prisonNumber": "A1234AA", "createdAt": "2026-11-29T10:00:00"},
        lambda r: (r.jobId, r.prisonNumber),
        (JOB, "A1234AA"),
        on_404=None,
        wrong_shape={"jobId": JOB},
        body=GET_HAS_NO_BODY,  # a PUT with nothing to send: the ids are in the path
    ),
]

_fresh = itertools.count(1)


def fresh_reference(what: str) -> str:
    """A reference no earlier request used (the contract tests share one simulator)."""
    return f"contract-{what}-{uuid.uuid4().hex[:12]}"


def in_prison(pop: Population) -> Person:
    return pick(pop, "prisoner in prison", lambda p: p.in_prison and p.prisoner_number is not None)


def released(pop: Population) -> Person:
    return pick(pop, "released prisoner", lambda p: p.prison_id == "OUT")


def other_prison(p: Person) -> str:
    return "LEI" if p.prison_id != "LEI" else "MDI"


def create_body(reference: str, code: str = "MTDS", amount: int = 1000) -> dict:
    return {"type": code, "amount": amount, "client_transaction_id": "CT1", "client_unique_ref": reference}


def transfer_body(reference: str, amount: int = 10) -> dict:
    return {"amount": amount, "description": "Saving", "client_transaction_id": "CT2", "client_unique_ref": reference}


def v1(p: Person, prison: str | None = None) -> str:
    return f"/api/v1/prison/{prison or p.last_prison_id}/offenders/{p.prisoner_number}"


def history(p: Person) -> str:
    return f"/api/transactions/prison/{p.last_prison_id}/offenders/{p.prisoner_number}"


def finance(p: Person, prison: str | None = None) -> str:
    return f"/api/finance/prison/{prison or p.prison_id}/offenders/{p.prisoner_number}/transfer-to-savings"


CONTRACT_CASES: dict[str, dict[str, CaseBuilder]] = {
    BALANCES: {
        "in prison": lambda pop: Call(f"{v1(in_prison(pop))}/accounts", 200, nonempty=True),
        "released, at the last prison": lambda pop: Call(f"{v1(released(pop))}/accounts", 200, nonempty=True),
        "another prison": lambda pop: Call(f"{v1(in_prison(pop), other_prison(in_prison(pop)))}/accounts", 400),
        "unknown": lambda pop: Call(f"/api/v1/prison/MDI/offenders/{UNKNOWN_NOMS}/accounts", 404),
    },
    TRANSACTIONS: {
        "cash, a range": lambda pop: Call(
            f"{history(in_prison(pop))}/accounts/cash",
            200,
            params={"from_date": (pop.today - timedelta(days=90)).isoformat(), "to_date": pop.today.isoformat()},
            nonempty=True,
        ),
        "savings, today": lambda pop: Call(f"{history(in_prison(pop))}/accounts/savings", 200),
        "unknown": lambda pop: Call(f"/api/transactions/prison/MDI/offenders/{UNKNOWN_NOMS}/accounts/cash", 404),
    },
    BY_REFERENCE: {
        "seeded": lambda pop: Call(
            f"{v1(in_prison(pop))}/transactions/{seeded_reference(in_prison(pop))}", 200, nonempty=True
        ),
        "unknown reference": lambda pop: Call(f"{v1(in_prison(pop))}/transactions/no-such-ref", 404),
    },
    CREATE: {
        "created": lambda pop: Call(
            f"{v1(in_prison(pop))}/transactions", 201, json=create_body(fresh_reference("c")), nonempty=True
        ),
        "duplicate reference": lambda pop: Call(
            f"{v1(in_prison(pop))}/transactions", 409, json=create_body(seeded_reference(in_prison(pop)))
        ),
        "insufficient funds": lambda pop: Call(
            f"{v1(in_prison(pop))}/transactions", 400, json=create_body(fresh_reference("f"), "CANT", 10_000_000)
        ),
        "not in that prison": lambda pop: Call(
            f"{v1(in_prison(pop), other_prison(in_prison(pop)))}/transactions",
            400,
            json=create_body(fresh_reference("p")),
        ),
        "reference with a space": lambda pop: Call(
            f"{v1(in_prison(pop))}/transactions", 400, json=create_body("has a space")
        ),
        "unknown prisoner": lambda pop: Call(
            f"/api/v1/prison/MDI/offenders/{UNKNOWN_NOMS}/transactions", 404, json=create_body(fresh_reference("u"))
        ),
    },
    TRANSFER: {
        "transferred": lambda pop: Call(
            finance(in_prison(pop)), 200, json=transfer_body(fresh_reference("t")), nonempty=True
        ),
        "duplicate reference": lambda pop: Call(
            finance(in_prison(pop)), 409, json=transfer_body(seeded_reference(in_prison(pop)))
        ),
        "insufficient funds": lambda pop: Call(
            finance(in_prison(pop)), 400, json=transfer_body(fresh_reference("f"), 10_000_000)
        ),
        "reference with a space": lambda pop: Call(finance(in_prison(pop)), 400, json=transfer_body("has a space")),
    },
    EXPRESS_INTEREST: {
        "new": lambda pop: Call(f"/jobs/{job_ids()[1]}/expressions-of-interest/Z{next(_fresh) % 10000:04d}AB", 201),
        "unknown job": lambda pop: Call(f"/jobs/{uuid.uuid4()}/expressions-of-interest/A1234BC", 404),
    },
}

QUERY = """
query ($id: ID!, $prisonId: ID, $from: Date, $ref: String!) {
  person(hmppsId: $id) {
    accounts(prisonId: $prisonId) {
      prisonId
      balances { accountCode amount }
      savings: balance(accountCode: savings) { accountCode amount }
      transactions(accountCode: spends, fromDate: $from) { id type { code desc } description amount date }
      transaction(clientUniqueRef: $ref) { id amount type { code } }
    }
  }
}
"""


async def test_balances_transactions_and_one_by_reference(graph, population, simulator):
    p = in_prison(population)
    start = (population.today - timedelta(days=90)).isoformat()

    body = await query(graph, QUERY, id=p.prisoner_number, **{"from": start, "ref": seeded_reference(p)})

    assert "errors" not in body, body
    accounts = body["data"]["person"]["accounts"]
    assert accounts["prisonId"] == p.prison_id
    assert [b["accountCode"] for b in accounts["balances"]] == ["spends", "savings", "cash"]
    assert accounts["savings"] == accounts["balances"][1]
    rows = accounts["transactions"]
    assert rows and all(r["date"] >= start for r in rows)
    assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), reverse=True)
    assert accounts["transaction"]["type"]["code"] == "MTDS"
    # balances and balance(savings) share one request
    assert simulator.controls.endpoint_calls[BALANCES] == 1


async def test_transactions_carry_the_reference_they_were_posted_with_as_the_integration_api(graph, population):
    p = in_prison(population)
    document = """
    query ($id: ID!, $from: Date, $ref: String!) {
      person(hmppsId: $id) {
        accounts {
          transactions(accountCode: cash, fromDate: $from) { type { code } clientUniqueRef }
          transaction(clientUniqueRef: $ref) { clientUniqueRef }
        }
      }
    }
    """
    start = (population.today - timedelta(days=90)).isoformat()

    body = await query(graph, document, id=p.prisoner_number, **{"from": start, "ref": seeded_reference(p)})

    assert "errors" not in body, body
    accounts = body["data"]["person"]["accounts"]
    # Prison API's history read (the Integration API's) names the reference; money NOMIS recorded has none.
    assert {(r["type"]["code"], r["clientUniqueRef"]) for r in accounts["transactions"]} == {
        ("MTDS", seeded_reference(p)),
        ("MRPR", None),
    }
    assert accounts["transaction"] == {"clientUniqueRef": seeded_reference(p)}


async def test_released_person_defaults_to_their_last_prison(graph, population):
    p = released(population)

    body = await query(graph, QUERY, id=p.prisoner_number, ref=seeded_reference(p))

    assert "errors" not in body, body
    assert body["data"]["person"]["accounts"]["prisonId"] == p.last_prison_id


async def test_another_prison_is_the_upstreams_refusal_in_its_words(graph, population):
    p = in_prison(population)

    body = await query(
        graph,
        "query ($id: ID!, $prisonId: ID) { person(hmppsId: $id) { accounts(prisonId: $prisonId) { balances { amount } } } }",
        id=p.prisoner_number,
        prisonId=other_prison(p),
    )

    error = body["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "upstream": "prison-api"}
    assert error["message"] == f"Offender has no account at prison {other_prison(p)}"


async def test_unknown_reference_is_not_found_and_a_malformed_one_bad_input(graph, population):
    p = in_prison(population)
    document = "query ($id: ID!, $ref: String!) { person(hmppsId: $id) { accounts { transaction(clientUniqueRef: $ref) { id } } } }"

    unknown = await query(graph, document, id=p.prisoner_number, ref="never-used")
    malformed = await query(graph, document, id=p.prisoner_number, ref="has space")

    assert unknown["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert malformed["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "clientUniqueRef"}


async def test_from_date_after_to_date_is_bad_input(graph, population):
    p = in_prison(population)
    body = await query(
        graph,
        'query ($id: ID!) { person(hmppsId: $id) { accounts { transactions(accountCode: cash, fromDate: "2026-01-02", toDate: "2026-01-01") { id } } } }',
        id=p.prisoner_number,
    )
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "fromDate"}


async def test_probation_only_person_has_none_and_asks_nothing(graph, population, simulator):
    p = next(p for p in population.people if p.crn and not p.prisoner_number)

    body = await query(graph, "query ($id: ID!) { person(hmppsId: $id) { accounts { prisonId } } }", id=p.crn)

    assert body["data"]["person"]["accounts"] is None
    assert simulator.controls.endpoint_calls[BALANCES] == 0


async def test_upstream_failure_nulls_only_this_field(graph, population, simulator):
    p = in_prison(population)
    simulator.controls.faults.append(FaultRule(target=BALANCES, type="status", status=503))

    body = await query(
        graph,
        "query ($id: ID!) { person(hmppsId: $id) { firstName accounts { prisonId balances { amount } } } }",
        id=p.prisoner_number,
    )

    assert body["data"]["person"]["accounts"] == {"prisonId": p.prison_id, "balances": None}
    assert body["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE", "upstream": "prison-api"}


DESCRIBED_TYPES = [
    "Mutation",
    "PrisonerAccounts",
    "AccountBalance",
    "Transaction",
    "TransactionType",
    "TransactionRequest",
    "TransactionTransferRequest",
    "TransactionCreateResponse",
    "TransactionTransferCreateResponse",
    "ExpressionOfInterest",
    "AccountCode",
    "TransactionTypeCode",
]


def test_every_type_field_argument_and_value_of_accounts_and_writes_is_described():
    from schema.build import build_schema

    type_map = build_schema()._schema.type_map
    missing = []
    for name in DESCRIBED_TYPES:
        graphql_type = type_map[name]
        missing += [name] if not graphql_type.description else []
        for field_name, field in getattr(graphql_type, "fields", {}).items():
            missing += [f"{name}.{field_name}"] if not field.description else []
            missing += [
                f"{name}.{field_name}({a})" for a, arg in getattr(field, "args", {}).items() if not arg.description
            ]
        missing += [f"{name}.{v}" for v, value in getattr(graphql_type, "values", {}).items() if not value.description]
    accounts = type_map["Person"].fields["accounts"]
    missing += [] if accounts.description and accounts.args["prisonId"].description else ["Person.accounts"]
    assert missing == []
