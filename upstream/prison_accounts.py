"""Prison API (NOMIS) offender accounts: balances, transactions, and the two writes the Integration
API makes (post a transaction, transfer spends to savings), on the `v1`, `transactions` and `finance` paths
it uses.

Part of PrisonApiClient (upstream/prison_api.py); a module of its own because writes have rules reads do not.
"""

from __future__ import annotations

from datetime import date

from upstream.base import UpstreamClient, UpstreamModel, path_segment


class AccountBalance(UpstreamModel):
    """Balances in pence of the three sub-accounts at one prison."""

    spends: int = 0
    savings: int = 0
    cash: int = 0


class CodeDescription(UpstreamModel):
    code: str | None = None
    desc: str | None = None


class AccountTransaction(UpstreamModel):
    id: str
    type: CodeDescription
    description: str
    amount: int  # pence
    date: date


class PrisonerTransaction(AccountTransaction):
    """A transaction as the history read gives it: with the client unique reference it was posted with."""

    clientUniqueRef: str | None = None


class PrisonerTransactions(UpstreamModel):
    transactions: list[PrisonerTransaction] = []


class CreatedTransaction(UpstreamModel):
    """Prison API's `Transaction`: the id of a transaction just posted, e.g. 6179604-1."""

    id: str


class TransferTransactionDetail(UpstreamModel):
    debitTransaction: CreatedTransaction
    creditTransaction: CreatedTransaction
    transactionId: int


class CreateTransaction(UpstreamModel):
    """The body of a posted transaction, as Prison API names its fields (snake case)."""

    type: str
    description: str | None = None
    amount: int
    client_transaction_id: str
    client_unique_ref: str


class TransferTransaction(UpstreamModel):
    """The body of a spends-to-savings transfer."""

    amount: int
    description: str
    client_transaction_id: str
    client_unique_ref: str


class PrisonAccountsClient(UpstreamClient):
    """Finance reads and writes. Writes are one plain POST each: never retried (a retried post could
    pay twice; the client unique reference is what makes a repeat safe, and NOMIS answers it 409)."""

    def _offender(self, prison_id: str, offender_no: str) -> str:
        return f"/api/v1/prison/{path_segment(prison_id)}/offenders/{path_segment(offender_no)}"

    async def account_balances(self, prison_id: str, offender_no: str) -> AccountBalance | None:
        return await self.get(f"{self._offender(prison_id, offender_no)}/accounts", AccountBalance)

    async def account_transactions(
        self, prison_id: str, offender_no: str, account_code: str, from_date: date, to_date: date
    ) -> PrisonerTransactions | None:
        """The Integration API's read (PrisonApiGateway.getTransactionsForPerson): NOMIS order, each with its
        client unique reference (the `v1` path's answer has none)."""
        return await self.get(
            f"/api/transactions/prison/{path_segment(prison_id)}/offenders/{path_segment(offender_no)}"
            f"/accounts/{path_segment(account_code)}",
            PrisonerTransactions,
            params={"from_date": from_date.isoformat(), "to_date": to_date.isoformat()},
        )

    async def transaction_by_client_unique_ref(
        self, prison_id: str, offender_no: str, client_unique_ref: str
    ) -> AccountTransaction | None:
        return await self.get(
            f"{self._offender(prison_id, offender_no)}/transactions/{path_segment(client_unique_ref)}",
            AccountTransaction,
        )

    async def create_transaction(
        self, prison_id: str, offender_no: str, body: CreateTransaction
    ) -> CreatedTransaction | None:
        return await self.post(
            f"{self._offender(prison_id, offender_no)}/transactions",
            body.model_dump(exclude_none=True),
            CreatedTransaction,
        )

    async def transfer_to_savings(
        self, prison_id: str, offender_no: str, body: TransferTransaction
    ) -> TransferTransactionDetail | None:
        return await self.post(
            f"/api/finance/prison/{path_segment(prison_id)}/offenders/{path_segment(offender_no)}/transfer-to-savings",
            body.model_dump(),
            TransferTransactionDetail,
        )
