"""A prisoner's money in NOMIS: accounts, transactions, and the inputs and results of the writes.

Named and shaped as the Integration API's models (AccountBalance, Transaction, TransactionRequest,
TransactionTransferRequest and their create responses). Amounts are whole pence.
"""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry


@strawberry.enum(description="A prisoner's sub-account in NOMIS, spelt as the Integration API spells it.")
class AccountCode(Enum):
    spends = strawberry.enum_value("spends", description="Money the prisoner may spend now (canteen, phone).")
    savings = strawberry.enum_value("savings", description="Money put aside, moved from spends.")
    cash = strawberry.enum_value("cash", description="Private cash held for the prisoner (received, sent out).")


@strawberry.enum(
    description="A NOMIS transaction type open to partners; the type decides which sub-account moves and which way."
)
class TransactionTypeCode(Enum):
    CANT = strawberry.enum_value("CANT", description="Canteen spend: a debit from spends.")
    REFND = strawberry.enum_value("REFND", description="Canteen refund: a credit to spends.")
    PHONE = strawberry.enum_value("PHONE", description="Phone credit: a debit from spends.")
    MRPR = strawberry.enum_value("MRPR", description="Miscellaneous receipt of private cash: a credit to cash.")
    MTDS = strawberry.enum_value("MTDS", description="Money sent through a digital service: a credit to cash.")
    DTDS = strawberry.enum_value("DTDS", description="Disbursement through a digital service: a debit from cash.")
    CASHD = strawberry.enum_value("CASHD", description="Cash disbursement: a debit from cash.")
    RELA = strawberry.enum_value("RELA", description="Money to relatives: a debit from cash.")
    RELS = strawberry.enum_value("RELS", description="Money to relatives from spends: a debit from spends.")


@strawberry.type(description="The balance of one sub-account at one prison, from NOMIS.")
class AccountBalance:
    accountCode: str = strawberry.field(description="Which sub-account: spends, savings or cash.")
    amount: int = strawberry.field(description="Balance in pence, e.g. 1634 for £16.34.")


@strawberry.type(description="The kind of a transaction, as NOMIS codes it.")
class TransactionType:
    code: str | None = strawberry.field(description="NOMIS transaction type code, e.g. CANT or OT.")
    desc: str | None = strawberry.field(description="What the code means, e.g. Canteen Spend.")


@strawberry.type(description="One movement of money on a sub-account, from NOMIS.")
class Transaction:
    id: str = strawberry.field(description="NOMIS transaction id and entry, e.g. 6179604-1.")
    type: TransactionType = strawberry.field(description="The NOMIS transaction type.")
    description: str = strawberry.field(description="What the transaction was for, as recorded.")
    amount: int = strawberry.field(description="Amount in pence; negative for a debit.")
    date: date = strawberry.field(description="The day the transaction was made.")
    clientUniqueRef: str | None = strawberry.field(
        description="The reference the client posted it with (createTransaction's clientUniqueRef), e.g. "
        "MTDS-A1234BC-1; null for money NOMIS recorded itself."
    )


@strawberry.input(
    description="A transaction to post to a prisoner's account (the Integration API's TransactionRequest)."
)
class TransactionRequest:
    type: TransactionTypeCode = strawberry.field(description="The transaction type: decides the sub-account.")
    amount: int = strawberry.field(description="Amount in pence, a positive whole number, e.g. 1634 for £16.34.")
    clientTransactionId: str = strawberry.field(
        description="The client's own id for the transaction: 1 to 12 letters, digits, '-' or '_'."
    )
    clientUniqueRef: str = strawberry.field(
        description="A reference unique to the client for this write, 1 to 64 letters, digits, '-' or '_' "
        "(case-sensitive). Sending it again is CONFLICT and writes nothing: a retry is always safe."
    )
    description: str | None = strawberry.field(
        default=None, description="What the transaction is for, up to 240 characters; defaults to the type's name."
    )


@strawberry.input(
    description="A transfer between a prisoner's sub-accounts (the Integration API's TransactionTransferRequest); "
    "only spends to savings is possible."
)
class TransactionTransferRequest:
    amount: int = strawberry.field(description="Amount in pence, a positive whole number.")
    description: str = strawberry.field(description="What the transfer is for, 1 to 240 characters.")
    clientTransactionId: str = strawberry.field(
        description="The client's own id for the transfer: 1 to 12 letters, digits, '-' or '_'."
    )
    clientUniqueRef: str = strawberry.field(
        description="A reference unique to the client for this write, 1 to 64 letters, digits, '-' or '_' "
        "(case-sensitive). Sending it again is CONFLICT and writes nothing."
    )
    fromAccount: AccountCode = strawberry.field(
        default=AccountCode.spends, description="The account to move money from; must be spends."
    )
    toAccount: AccountCode = strawberry.field(
        default=AccountCode.savings, description="The account to move money to; must be savings."
    )


@strawberry.type(description="A transaction just posted to NOMIS.")
class TransactionCreateResponse:
    transactionId: str = strawberry.field(description="The NOMIS id of the new transaction, e.g. 6179604-1.")
    clientUniqueRef: str = strawberry.field(description="The client's reference it was posted with.")


@strawberry.type(description="A transfer just posted to NOMIS: one transaction, a debit entry and a credit entry.")
class TransactionTransferCreateResponse:
    debitTransactionId: str = strawberry.field(description="The debit from spends, e.g. 6179605-1.")
    creditTransactionId: str = strawberry.field(description="The credit to savings, e.g. 6179605-2.")
    transactionId: str = strawberry.field(description="The whole transaction's NOMIS id, e.g. 6179605.")
    clientUniqueRef: str = strawberry.field(description="The client's reference it was posted with.")


@strawberry.type(description="A prisoner's interest in a job, registered with the jobs board.")
class ExpressionOfInterest:
    hmppsId: strawberry.ID = strawberry.field(description="The person, as the request named them.")
    prisonerNumber: str = strawberry.field(description="Their NOMIS number, which the jobs board knows them by.")
    jobId: strawberry.ID = strawberry.field(description="The job on the jobs board (a UUID).")
