"""Person.accounts: a prisoner's NOMIS accounts at a prison (balances, transactions, one by reference).

The Integration API's /v1/prison/{prisonId}/prisoners/{hmppsId}/balances, /accounts/{accountCode}/balances,
/accounts/{accountCode}/transactions and /transactions/{clientUniqueRef}, from the Prison API paths it reads
(`v1`, and `transactions` for the history, which carries each transaction's client unique reference).
Prison-filtered twice, as the Integration API: the person must be visible (PrisonFiltered) and so
must the prison asked about.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from access.visibility import IN_TRANSFER, RELEASED, may_see_prison
from resolvers import ids
from resolvers.context import Context
from resolvers.errors import BadUserInput, NotFound, person_not_found
from resolvers.identity import PersonPart, prisoner_record
from schema import accounts as types
from schema.permissions import PrisonFiltered
from upstream.prison_accounts import AccountBalance, AccountTransaction

ACCOUNT_ORDER = ("spends", "savings", "cash")
ACCOUNT = strawberry.argument(description="Which sub-account: spends, savings or cash.")


def to_transaction(t: AccountTransaction, client_unique_ref: str | None) -> types.Transaction:
    return types.Transaction(
        id=t.id,
        type=types.TransactionType(code=t.type.code, desc=t.type.desc),
        description=t.description,
        amount=t.amount,
        date=t.date,
        clientUniqueRef=client_unique_ref,
    )


@strawberry.type(description="A prisoner's accounts at one prison, from NOMIS (amounts in pence).")
class PrisonerAccounts:
    prisonId: strawberry.ID = strawberry.field(description="The prison that holds the accounts, e.g. MDI.")
    prisoner_number: strawberry.Private[str]

    async def _balances(self, info: Info[Context, None]) -> AccountBalance:
        loader = info.context.loaders.account_balances_by_prison_and_prisoner_number
        found = await loader.load((str(self.prisonId), self.prisoner_number))
        if found is None:
            raise person_not_found(self.prisoner_number)
        return found

    @strawberry.field(description="The balance of each sub-account: spends, savings and cash, in that order.")
    async def balances(self, info: Info[Context, None]) -> list[types.AccountBalance] | None:
        found = await self._balances(info)
        return [types.AccountBalance(accountCode=code, amount=getattr(found, code)) for code in ACCOUNT_ORDER]

    @strawberry.field(description="The balance of one sub-account (no extra request beside `balances`).")
    async def balance(
        self, info: Info[Context, None], account_code: Annotated[types.AccountCode, ACCOUNT]
    ) -> types.AccountBalance | None:
        found = await self._balances(info)
        return types.AccountBalance(accountCode=account_code.name, amount=getattr(found, account_code.name))

    @strawberry.field(
        description="Transactions on one sub-account from `fromDate` to `toDate` inclusive (each defaults to "
        "today), newest first then by id, as NOMIS orders them."
    )
    async def transactions(
        self,
        info: Info[Context, None],
        account_code: Annotated[types.AccountCode, ACCOUNT],
        from_date: Annotated[
            date | None, strawberry.argument(description="First day, YYYY-MM-DD; default today.")
        ] = None,
        to_date: Annotated[date | None, strawberry.argument(description="Last day, YYYY-MM-DD; default today.")] = None,
    ) -> list[types.Transaction] | None:
        today = date.today()
        start, end = from_date or today, to_date or today
        if start > end:
            raise BadUserInput("fromDate must not be after toDate", argument="fromDate")
        loader = info.context.loaders.account_transactions_by_prison_prisoner_number_account_and_dates
        found = await loader.load((str(self.prisonId), self.prisoner_number, account_code.name, start, end))
        if found is None:
            raise person_not_found(self.prisoner_number)
        return [to_transaction(t, t.clientUniqueRef) for t in found.transactions]

    @strawberry.field(description="The transaction posted with this client unique reference; NOT_FOUND if none.")
    async def transaction(
        self,
        info: Info[Context, None],
        client_unique_ref: Annotated[
            str, strawberry.argument(description="The reference the client posted it with, e.g. MTDS-A1234BC-1.")
        ],
    ) -> types.Transaction | None:
        reference = ids.client_unique_ref(client_unique_ref)
        loader = info.context.loaders.transaction_by_prison_prisoner_number_and_reference
        found = await loader.load((str(self.prisonId), self.prisoner_number, reference))
        if found is None:
            raise NotFound(f"No transaction with clientUniqueRef {reference} for this person at {self.prisonId}")
        # Prison API's answer here does not repeat the reference; it is the one asked for.
        return to_transaction(found, reference)


@strawberry.type
class AccountFields(PersonPart):
    @strawberry.field(
        description="The person's NOMIS accounts at `prisonId` (default: their prison, or their last one once "
        "released or while in transfer); null for people with no NOMIS record. Another prison's accounts are "
        "NOT_FOUND for a consumer whose prisons filter does not list it.",
        extensions=[PrisonFiltered()],
    )
    async def accounts(
        self,
        info: Info[Context, None],
        prison_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="The prison whose accounts to read, e.g. MDI; default the person's."),
        ] = None,
    ) -> PrisonerAccounts | None:
        if self.ref.nomis_number is None:
            return None
        if prison_id is not None:
            code = ids.prison_id(prison_id)
            if not may_see_prison(info.context.consumer.filters, code):
                raise person_not_found(self.ref.crn or self.ref.nomis_number)
        else:
            prisoner = await prisoner_record(self.ref, info)
            here = prisoner.prisonId if prisoner else None
            # Released, or in transfer between two prisons: the accounts are still the last prison's.
            code = prisoner.lastPrisonId if prisoner and here in (RELEASED, IN_TRANSFER) else here  # type: ignore[assignment]
            if code is None:
                return None
        return PrisonerAccounts(prisonId=strawberry.ID(code), prisoner_number=self.ref.nomis_number)
