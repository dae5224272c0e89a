"""Prison API (NOMIS) offender accounts: balances, transaction history, and the two writes.

The simulator keeps what the writes create (per process, in memory): a posted transaction is in the
balances and the history afterwards for every client. Each person's opening history is derived
from them, so it is the same on every run. Writes validate their body as the real service does
(bean validation on CreateTransaction / TransferTransaction, then NOMIS's own checks) and answer
its ErrorResponse: 400 for invalid input, insufficient funds or the wrong prison, 404 for an
unknown prisoner, 409 for a client unique reference used before.

Thread- and task-safe: every check and change of the ledger happens under one lock with no await
inside, so of two posts with the same reference exactly one is written.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator.controls import Simulated, error_body, json_response, without_nulls
from simulator.population import Person, Population

SERVICE = "prison-api"
ACCOUNTS = ("spends", "savings", "cash")
# NOMIS transaction types open to the API (the Prison API document's table): what each is, the
# sub-account it moves and which way (+1 credit, -1 debit). NOMIS reads this from its own
# transaction_operations table; this is the simulator's fixed copy of it.
TRANSACTION_TYPES: dict[str, tuple[str, str, int]] = {
    "CANT": ("Canteen Spend", "spends", -1),
    "REFND": ("Canteen Refund", "spends", 1),
    "PHONE": ("Phone Credit", "spends", -1),
    "MRPR": ("Misc Receipt - Private Cash", "cash", 1),
    "MTDS": ("Money through digital service", "cash", 1),
    "DTDS": ("Disbursement through Digital service", "cash", -1),
    "CASHD": ("Cash Disbursement", "cash", -1),
    "RELA": ("Money to Relatives", "cash", -1),
    "RELS": ("Money to Relatives- Spends", "spends", -1),
}
TRANSFER = ("OT", "Operational Transfer")
CLIENT_UNIQUE_REF = re.compile(r"[a-zA-Z0-9_-]+", re.ASCII)
NOMS_ID = re.compile(r"[a-zA-Z][0-9]{4}[a-zA-Z]{2}", re.ASCII)


@dataclass(frozen=True)
class Entry:
    id: str
    account: str
    type_code: str
    type_desc: str
    description: str
    amount: int  # pence; negative for a debit
    date: date
    client_unique_ref: str | None = None  # the reference it was posted with, if a client posted it

    def json(self, with_reference: bool = False) -> dict:
        """AccountTransaction (the `v1` paths), or PrisonerTransaction with the reference (the history)."""
        return without_nulls(
            {
                "id": self.id,
                "type": {"code": self.type_code, "desc": self.type_desc},
                "description": self.description,
                "amount": self.amount,
                "date": self.date.isoformat(),
                "clientUniqueRef": self.client_unique_ref if with_reference else None,
            }
        )


@dataclass
class Account:
    prison_id: str
    entries: list[Entry] = field(default_factory=list)

    def balance(self, account: str) -> int:
        return sum(e.amount for e in self.entries if e.account == account)


def account_prison(p: Person) -> str | None:
    """Where the person's accounts are: their prison, or the last one for people released."""
    return p.last_prison_id


def seeded_reference(p: Person) -> str:
    """The client unique reference of the money every prisoner was first sent through the digital
    service: a transaction by reference that exists in every population (docs and tests use it)."""
    return f"MTDS-{p.prisoner_number}-1"


def opening_entries(p: Person, today: date) -> list[Entry]:
    """A few months of history derived from the person: credits first, then a few spends."""
    base = 5_000_000 + p.index * 100
    n = p.index
    rows = [  # code, what it is, account, amount in pence (negative: a debit), days ago, description
        ("MTDS", "Money through digital service", "cash", 2000 + (n % 40) * 100, 60, "Money sent to the prisoner"),
        ("A_EARN", "Earnings", "spends", 1500 + (n % 30) * 50, 50, "Weekly pay"),
        ("MRPR", "Misc Receipt - Private Cash", "cash", 500 + (n % 9) * 50, 45, "Private cash received"),
        ("REFND", "Canteen Refund", "spends", 150 + n % 200, 30, "Canteen refund"),
        ("A_EARN", "Earnings", "spends", 1500 + (n % 30) * 50, 25, "Weekly pay"),
        ("CANT", "Canteen Spend", "spends", -(300 + n % 400), 20, "Canteen purchase"),
        ("PHONE", "Phone Credit", "spends", -(200 + (n % 5) * 100), 10, "Phone credit"),
        ("CANT", "Canteen Spend", "spends", -(100 + n % 150), 2, "Canteen purchase"),
    ]
    entries = [
        Entry(f"{base + k}-1", account, code, desc, description, amount, today - timedelta(days=days_ago))
        for k, (code, desc, account, amount, days_ago, description) in enumerate(rows)
    ]
    # Saved from spends some weeks ago: both legs of one transfer.
    saved = 100 + (n % 10) * 50
    when = today - timedelta(days=40)
    entries += [
        Entry(f"{base + 10}-1", "spends", *TRANSFER, "Transfer to savings", -saved, when),
        Entry(f"{base + 10}-2", "savings", *TRANSFER, "Transfer to savings", saved, when),
    ]
    return entries


class Rejected(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Posting:
    account: str
    type_code: str
    type_desc: str
    description: str
    amount: int


class Ledger:
    """Every prisoner's accounts in one process; opened lazily from their derived history."""

    def __init__(self, pop: Population) -> None:
        self._pop = pop
        self._lock = threading.Lock()
        self._accounts: dict[str, Account] = {}
        self._references: dict[str, tuple[str, list[str]]] = {}  # client unique ref -> (NOMIS number, entry ids)
        self._next_id = 9_000_000

    def _account(self, p: Person) -> Account:
        assert p.prisoner_number is not None
        account = self._accounts.get(p.prisoner_number)
        if account is None:
            prison = account_prison(p)
            assert prison is not None
            entries = opening_entries(p, self._pop.today)
            # The first money in came through the digital service, posted with the seeded reference.
            first = entries[0] = replace(entries[0], client_unique_ref=seeded_reference(p))
            account = self._accounts[p.prisoner_number] = Account(prison, entries)
            self._references[seeded_reference(p)] = (p.prisoner_number, [first.id])
        return account

    def opened(self, p: Person, prison_id: str) -> Account:
        """The person's accounts at this prison (400 as NOMIS answers when they have none there)."""
        with self._lock:
            account = self._account(p)
        if account.prison_id != prison_id:
            raise Rejected(400, f"Offender has no account at prison {prison_id}")
        return account

    def by_reference(self, p: Person, prison_id: str, reference: str) -> Entry | None:
        account = self.opened(p, prison_id)
        with self._lock:
            found = self._references.get(reference)
            if found is None or found[0] != p.prisoner_number:
                return None
            return next((e for e in account.entries if e.id == found[1][0]), None)

    def post(self, p: Person, prison_id: str, reference: str, legs: list[Posting]) -> tuple[int, list[str]]:
        """Writes the legs as one transaction, or nothing: duplicate reference, wrong prison, no funds."""
        if not p.in_prison or p.prison_id != prison_id:
            raise Rejected(400, f"Offender not in specified prison: {p.prisoner_number} is not in {prison_id}")
        with self._lock:
            account = self._account(p)
            if reference in self._references:
                raise Rejected(409, "Duplicate post - The unique_client_ref has been used before")
            for leg in legs:
                if leg.amount < 0 and account.balance(leg.account) + leg.amount < 0:
                    raise Rejected(
                        400,
                        f"Insufficient Funds - the prisoner has insufficient funds in the {leg.account} account "
                        "to cover the cost of the debit transaction",
                    )
            self._next_id += 1
            number = self._next_id
            ids = [f"{number}-{k}" for k in range(1, len(legs) + 1)]
            today = self._pop.today
            account.entries += [
                Entry(i, leg.account, leg.type_code, leg.type_desc, leg.description, leg.amount, today, reference)
                for i, leg in zip(ids, legs, strict=True)
            ]
            self._references[reference] = (p.prisoner_number or "", ids)
            return number, ids


# ---- request validation, as the service's bean validation answers it ---------------------------------


def _text(body: dict, name: str, *, required: bool, min_length: int, max_length: int) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise Rejected(400, f"Field: {name} - must not be null")
        return None
    if not isinstance(value, str) or not min_length <= len(value) <= max_length:
        raise Rejected(400, f"Field: {name} - size must be between {min_length} and {max_length}")
    return value


def _reference(body: dict, min_length: int) -> str:
    value = _text(body, "client_unique_ref", required=True, min_length=min_length, max_length=64)
    assert value is not None
    if CLIENT_UNIQUE_REF.fullmatch(value) is None:
        raise Rejected(400, 'Field: client_unique_ref - must match "[a-zA-Z0-9-_]+"')
    return value


def _amount(body: dict) -> int:
    value = body.get("amount")
    if value is None:
        raise Rejected(400, "Field: amount - must not be null")
    if isinstance(value, bool) or not isinstance(value, int):
        raise Rejected(400, "Field: amount - must be a whole number of pence")
    if value < 1:
        raise Rejected(400, "Field: amount - must be greater than or equal to 1")
    return value


def create_postings(body: dict) -> tuple[str, list[Posting]]:
    code = body.get("type")
    if code is None:
        raise Rejected(400, "Field: type - must not be null")
    if code not in TRANSACTION_TYPES:
        raise Rejected(400, "Invalid transaction type - the transaction type has not been set up for the API")
    description = _text(body, "description", required=False, min_length=0, max_length=240)
    _text(body, "client_transaction_id", required=True, min_length=0, max_length=12)
    reference = _reference(body, min_length=0)
    amount = _amount(body)
    desc, account, sign = TRANSACTION_TYPES[code]
    return reference, [Posting(account, code, desc, description or desc, sign * amount)]


def transfer_postings(body: dict) -> tuple[str, list[Posting]]:
    amount = _amount(body)
    description = _text(body, "description", required=True, min_length=1, max_length=240) or ""
    _text(body, "client_transaction_id", required=True, min_length=1, max_length=12)
    reference = _reference(body, min_length=1)
    return reference, [
        Posting("spends", *TRANSFER, description, -amount),
        Posting("savings", *TRANSFER, description, amount),
    ]


def _date(value: str | None, today: date) -> date:
    if value is None:
        return today
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Rejected(400, "from_date and to_date must be dates such as 2019-04-01") from None


def routes(pop: Population, sim: Simulated) -> list[Route]:
    ledger = Ledger(pop)

    def prisoner(request: Request) -> Person:
        number = request.path_params.get("noms_id") or request.path_params["offenderNo"]
        p = pop.by_prisoner_number.get(number.upper()) if NOMS_ID.fullmatch(number) else None
        if p is None or p.booking_id is None:
            raise Rejected(404, f"Resource with id [{number}] not found.")
        return p

    def answering(handler):
        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except Rejected as exc:
                return error_body(exc.status, exc.message, SERVICE)

        return handle

    async def body_of(request: Request) -> dict:
        try:
            body = await request.json()
        except ValueError:
            raise Rejected(400, "Malformed JSON request") from None
        if not isinstance(body, dict):
            raise Rejected(400, "Malformed JSON request")
        return body

    @answering
    async def balances(request: Request) -> Response:
        account = ledger.opened(prisoner(request), request.path_params["prison_id"])
        return json_response({name: account.balance(name) for name in ACCOUNTS})

    @answering
    async def transactions(request: Request) -> Response:
        code = request.path_params["account_code"]
        if code not in ACCOUNTS:
            raise Rejected(404, f"Account type {code} not found")
        account = ledger.opened(prisoner(request), request.path_params["prison_id"])
        start = _date(request.query_params.get("from_date"), pop.today)
        end = _date(request.query_params.get("to_date"), pop.today)
        rows = [e for e in account.entries if e.account == code and start <= e.date <= end]
        rows.sort(key=lambda e: (e.date, e.id), reverse=True)  # NOMIS order: descending date, then id
        return json_response({"transactions": [e.json(with_reference=True) for e in rows]})

    @answering
    async def by_reference(request: Request) -> Response:
        reference = request.path_params["client_unique_ref"]
        if not CLIENT_UNIQUE_REF.fullmatch(reference) or len(reference) > 64:
            raise Rejected(400, "client_unique_ref must be at most 64 letters, digits, '-' and '_'")
        found = ledger.by_reference(prisoner(request), request.path_params["prison_id"], reference)
        if found is None:
            raise Rejected(404, f"Transaction with client unique ref [{reference}] not found.")
        return json_response(found.json())

    @answering
    async def create(request: Request) -> Response:
        body = await body_of(request)
        reference, legs = create_postings(body)
        _, ids = ledger.post(prisoner(request), request.path_params["prison_id"], reference, legs)
        return json_response({"id": ids[0]}, status=201)

    @answering
    async def transfer(request: Request) -> Response:
        body = await body_of(request)
        reference, legs = transfer_postings(body)
        number, ids = ledger.post(prisoner(request), request.path_params["prisonId"], reference, legs)
        return json_response(
            {"debitTransaction": {"id": ids[0]}, "creditTransaction": {"id": ids[1]}, "transactionId": number}
        )

    v1 = "/api/v1/prison/{prison_id}/offenders/{noms_id}"
    return [
        sim.endpoint(SERVICE, "GET", f"{v1}/accounts", balances),
        sim.endpoint(
            SERVICE,
            "GET",
            "/api/transactions/prison/{prison_id}/offenders/{noms_id}/accounts/{account_code}",
            transactions,
        ),
        sim.endpoint(SERVICE, "GET", f"{v1}/transactions/{{client_unique_ref}}", by_reference),
        sim.endpoint(SERVICE, "POST", f"{v1}/transactions", create),
        sim.endpoint(
            SERVICE, "POST", "/api/finance/prison/{prisonId}/offenders/{offenderNo}/transfer-to-savings", transfer
        ),
    ]
