"""Mutation: the Integration API's writes (POST transactions, POST transactions/transfer, PUT
expression-of-interest). Guarded like every root field (a role must include `Mutation.<name>`),
prison-filtered on the person and on the prison written to, audited, and sent only with POST.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers import writes
from schema.accounts import (
    ExpressionOfInterest,
    TransactionCreateResponse,
    TransactionRequest,
    TransactionTransferCreateResponse,
    TransactionTransferRequest,
)

PRISON_ID = strawberry.argument(
    description="The prison that holds the accounts, three letters, e.g. MDI: must be the person's current prison."
)
HMPPS_ID = strawberry.argument(description="The person: a CRN (X123456), NOMIS number (A1234BC) or PNC number.")


@strawberry.type(description="Writes to HMPPS systems. Each is made once, never retried by the graph.")
class Mutation:
    @strawberry.mutation(
        description="Post a transaction to a prisoner's NOMIS account at their current prison "
        "(POST /v1/prison/{prisonId}/prisoners/{hmppsId}/transactions). A clientUniqueRef used before is "
        "CONFLICT and writes nothing; a debit larger than the balance is BAD_USER_INPUT (INSUFFICIENT_FUNDS)."
    )
    async def createTransaction(
        self,
        info: Info,
        prison_id: Annotated[strawberry.ID, PRISON_ID],
        hmpps_id: Annotated[strawberry.ID, HMPPS_ID],
        transaction: Annotated[TransactionRequest, strawberry.argument(description="The transaction to post.")],
    ) -> TransactionCreateResponse | None:
        return await writes.create_transaction(info, str(prison_id), str(hmpps_id), transaction)

    @strawberry.mutation(
        description="Move money from a prisoner's spends to their savings at their current prison "
        "(POST /v1/prison/{prisonId}/prisoners/{hmppsId}/transactions/transfer). The same rules as createTransaction."
    )
    async def createTransactionTransfer(
        self,
        info: Info,
        prison_id: Annotated[strawberry.ID, PRISON_ID],
        hmpps_id: Annotated[strawberry.ID, HMPPS_ID],
        transfer: Annotated[TransactionTransferRequest, strawberry.argument(description="The transfer to make.")],
    ) -> TransactionTransferCreateResponse | None:
        return await writes.transfer_to_savings(info, str(prison_id), str(hmpps_id), transfer)

    @strawberry.mutation(
        description="Register a prisoner's interest in a job on the jobs board "
        "(PUT /v1/persons/{hmppsId}/expression-of-interest/jobs/{jobid}). Registering it again is harmless."
    )
    async def submitExpressionOfInterest(
        self,
        info: Info,
        hmpps_id: Annotated[strawberry.ID, HMPPS_ID],
        job_id: Annotated[strawberry.ID, strawberry.argument(description="The job on the jobs board, a UUID.")],
    ) -> ExpressionOfInterest | None:
        return await writes.express_interest(info, str(hmpps_id), str(job_id))
