"""The writes against the real server and the standalone simulator (two processes, real sockets):
a transaction written and read back, the same reference sent twice at once from two connections
(exactly one is written), and a mutation over GET (405, Allow: POST)."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx

from simulator.population import Population

CREATE = """
mutation ($prisonId: ID!, $id: ID!, $t: TransactionRequest!) {
  createTransaction(prisonId: $prisonId, hmppsId: $id, transaction: $t) { transactionId clientUniqueRef }
}"""
READ = """
query ($id: ID!, $ref: String!) { person(hmppsId: $id) { accounts {
  balances { accountCode amount }
  transaction(clientUniqueRef: $ref) { id amount }
} } }"""


def a_prisoner(world: Population, n: int) -> str:
    found = [p.prisoner_number for p in world.people if p.prison_id == "MDI" and p.prisoner_number]
    return str(found[n])


def post(client: httpx.Client, document: str, **variables: object) -> dict:
    response = client.post("/graphql", json={"query": document, "variables": variables})
    assert response.status_code == 200, response.text
    return response.json()


def spends(client: httpx.Client, number: str, reference: str) -> tuple[int, dict | None]:
    accounts = post(client, READ, id=number, ref=reference)["data"]["person"]["accounts"]
    return accounts["balances"][0]["amount"], accounts["transaction"]


def transaction(reference: str) -> dict:
    return {"type": "CANT", "amount": 75, "clientTransactionId": "E2E", "clientUniqueRef": reference}


def test_a_transaction_is_written_and_read_back(full_access, world, clean):
    number, reference = a_prisoner(world, 10), f"e2e-{uuid.uuid4().hex}"
    before, _ = spends(full_access, number, "none")

    body = post(full_access, CREATE, prisonId="MDI", id=number, t=transaction(reference))

    assert "errors" not in body, body
    after, found = spends(full_access, number, reference)
    assert after == before - 75
    assert found == {"id": body["data"]["createTransaction"]["transactionId"], "amount": -75}


def test_the_same_reference_twice_at_once_writes_once(deployment, full_access, world, clean):
    number, reference = a_prisoner(world, 11), f"e2e-race-{uuid.uuid4().hex}"
    before, _ = spends(full_access, number, "none")
    token = deployment.token("full-access-client")

    def send(_: int) -> dict:
        with httpx.Client(base_url=deployment.graph_url, timeout=30, headers={"Authorization": f"Bearer {token}"}) as c:
            return post(c, CREATE, prisonId="MDI", id=number, t=transaction(reference))

    with ThreadPoolExecutor(max_workers=2) as pool:
        bodies = list(pool.map(send, range(2)))

    outcomes = sorted(tuple(e["extensions"]["code"] for e in b.get("errors", [])) for b in bodies)
    assert outcomes == [(), ("CONFLICT",)]
    after, _ = spends(full_access, number, reference)
    assert after == before - 75


def test_a_mutation_over_get_is_405(full_access, world, clean):
    number = a_prisoner(world, 12)
    document = (
        f'mutation {{ createTransaction(prisonId: "MDI", hmppsId: "{number}", transaction: '
        f'{{type: MTDS, amount: 1, clientTransactionId: "E", clientUniqueRef: "e2e-get-{uuid.uuid4().hex}"}}) '
        "{ transactionId } }"
    )

    response = full_access.get("/graphql", params={"query": document})

    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    counters = clean.admin("GET", "/counters").json()["endpoints"]
    assert counters.get("prison-api POST /api/v1/prison/{prison_id}/offenders/{noms_id}/transactions", 0) == 0
