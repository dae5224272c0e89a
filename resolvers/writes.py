"""The three writes of the Integration API as mutations: post a transaction, transfer spends to
savings, and register an expression of interest in a job.

Each write: (1) checks the identifiers (resolvers/ids.py), (2) finds the person through the same
visibility rule as every read (a filtered person is NOT_FOUND) and checks the consumer may see the
prison written to, (3) checks the input, then (4) makes one plain upstream request, never retried.
Every write after (2) is audited with its outcome: written, rejected (bad input, upstream
refusal), conflict (a client unique reference used before) or failed (the upstream did not answer).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import TypeVar

import strawberry
from strawberry.types import Info

from access.visibility import may_see_prison
from resolvers import ids
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict, GraphError, NotFound, person_not_found, safe_user_message
from resolvers.identity import PersonRecord, PersonRef
from resolvers.person import find_person
from schema import accounts as types
from upstream.errors import UpstreamError, UpstreamRejected
from upstream.prison_accounts import CreateTransaction, TransferTransaction

T = TypeVar("T")
MAX_DESCRIPTION = 240
MAX_CLIENT_TRANSACTION_ID = 12
INSUFFICIENT_FUNDS = "Insufficient Funds"


@asynccontextmanager
async def audited(info: Info[Context, None], ref: PersonRef, coordinate: str) -> AsyncIterator[None]:
    """Notes the write's outcome in the request's audit trail, whatever happens inside."""
    outcome = "failed"
    try:
        yield
        outcome = "written"
    except Conflict:
        outcome = "conflict"
        raise
    except (BadUserInput, NotFound):
        outcome = "rejected"
        raise
    finally:
        info.context.audit.note(ref.nomis_number, ref.crn, coordinate, outcome)


async def person_in_prison(
    info: Info[Context, None], hmpps_id: str, prison_id: str, coordinate: str
) -> tuple[PersonRecord, str]:
    """The person and the prison written to, both visible to the consumer (else NOT_FOUND, as for a
    person who does not exist). Whether the person is in that prison is checked under audit."""
    prison = ids.prison_id(prison_id)
    record = await find_person(info, hmpps_id, coordinate)
    if not may_see_prison(info.context.consumer.filters, prison):
        info.context.audit.note(record.ref.nomis_number, record.ref.crn, coordinate, "filtered")
        raise person_not_found(hmpps_id)
    return record, prison


def prisoner_number_at(record: PersonRecord, prison: str) -> str:
    """The person's NOMIS number, if the prison written to is theirs: money moves only where they are."""
    here = record.prisoner.prisonId if record.prisoner else None
    if record.prisoner is None or here != prison:
        raise BadUserInput(
            f"The person is not in prison {prison}: a transaction is made at the person's current prison",
            argument="prisonId",
        )
    return record.prisoner.prisonerNumber


def checked_amount(value: int, argument: str) -> int:
    if value < 1:
        raise BadUserInput(f"{argument} must be a positive whole number of pence", argument=argument)
    return value


def checked_text(value: str | None, argument: str, limit: int, *, required: bool) -> str | None:
    if value is None or value == "":
        if required:
            raise BadUserInput(f"{argument} must be 1 to {limit} characters", argument=argument)
        return None
    if len(value) > limit or not value.isprintable():
        raise BadUserInput(f"{argument} must be printable text of at most {limit} characters", argument=argument)
    return value


def checked_client_transaction_id(value: str, argument: str) -> str:
    if not ids.matches(value, ids.CLIENT_UNIQUE_REF) or len(value) > MAX_CLIENT_TRANSACTION_ID:
        raise BadUserInput(
            f"{argument} must be 1 to {MAX_CLIENT_TRANSACTION_ID} letters, digits, '-' or '_'", argument=argument
        )
    return value


def refused(error: UpstreamRejected) -> GraphError | None:
    """An upstream 400 in its own words (insufficient funds, wrong prison), when they are safe to show."""
    shown = safe_user_message(error)
    if shown is None:
        return None
    if shown.startswith(INSUFFICIENT_FUNDS):
        return BadUserInput(shown, upstream=error.upstream, reason="INSUFFICIENT_FUNDS")
    return BadUserInput(shown, upstream=error.upstream)


async def clash(info: Info[Context, None], prison: str, prisoner_number: str, reference: str) -> Conflict:
    """CONFLICT for a reference used before, naming the transaction it was used for when NOMIS says."""
    message = f"clientUniqueRef {reference} has been used before; nothing was written"
    try:
        earlier = await info.context.upstreams.prison_api.transaction_by_client_unique_ref(
            prison, prisoner_number, reference
        )
    except UpstreamError:
        earlier = None
    if earlier is None:
        return Conflict(message, clientUniqueRef=reference)
    return Conflict(f"{message} (transaction {earlier.id})", clientUniqueRef=reference, transactionId=earlier.id)


async def posted(
    info: Info[Context, None], prison: str, prisoner_number: str, reference: str, write: Awaitable[T | None]
) -> T:
    """Runs one upstream write, turning its refusals into our codes."""
    try:
        result = await write
    except UpstreamRejected as exc:
        if exc.status == 409:
            raise await clash(info, prison, prisoner_number, reference) from exc
        mapped = refused(exc)
        if mapped is not None:
            raise mapped from exc
        raise
    if result is None:
        raise person_not_found(prisoner_number)
    return result


async def create_transaction(
    info: Info[Context, None], prison_id: str, hmpps_id: str, request: types.TransactionRequest
) -> types.TransactionCreateResponse:
    coordinate = "Mutation.createTransaction"
    record, prison = await person_in_prison(info, hmpps_id, prison_id, coordinate)
    async with audited(info, record.ref, coordinate):
        reference = ids.client_unique_ref(request.clientUniqueRef, "transaction.clientUniqueRef")
        body = CreateTransaction(
            type=request.type.name,
            description=checked_text(request.description, "transaction.description", MAX_DESCRIPTION, required=False),
            amount=checked_amount(request.amount, "transaction.amount"),
            client_transaction_id=checked_client_transaction_id(
                request.clientTransactionId, "transaction.clientTransactionId"
            ),
            client_unique_ref=reference,
        )
        number = prisoner_number_at(record, prison)
        prison_api = info.context.upstreams.prison_api
        created = await posted(info, prison, number, reference, prison_api.create_transaction(prison, number, body))
    return types.TransactionCreateResponse(transactionId=created.id, clientUniqueRef=reference)


async def transfer_to_savings(
    info: Info[Context, None], prison_id: str, hmpps_id: str, request: types.TransactionTransferRequest
) -> types.TransactionTransferCreateResponse:
    coordinate = "Mutation.createTransactionTransfer"
    record, prison = await person_in_prison(info, hmpps_id, prison_id, coordinate)
    async with audited(info, record.ref, coordinate):
        if request.fromAccount != types.AccountCode.spends or request.toAccount != types.AccountCode.savings:
            raise BadUserInput("Only transfers from spends to savings are possible", argument="transfer.fromAccount")
        reference = ids.client_unique_ref(request.clientUniqueRef, "transfer.clientUniqueRef")
        body = TransferTransaction(
            amount=checked_amount(request.amount, "transfer.amount"),
            description=checked_text(request.description, "transfer.description", MAX_DESCRIPTION, required=True) or "",
            client_transaction_id=checked_client_transaction_id(
                request.clientTransactionId, "transfer.clientTransactionId"
            ),
            client_unique_ref=reference,
        )
        number = prisoner_number_at(record, prison)
        prison_api = info.context.upstreams.prison_api
        done = await posted(info, prison, number, reference, prison_api.transfer_to_savings(prison, number, body))
    return types.TransactionTransferCreateResponse(
        debitTransactionId=done.debitTransaction.id,
        creditTransactionId=done.creditTransaction.id,
        transactionId=str(done.transactionId),
        clientUniqueRef=reference,
    )


async def express_interest(info: Info[Context, None], hmpps_id: str, job_id: str) -> types.ExpressionOfInterest:
    coordinate = "Mutation.submitExpressionOfInterest"
    job = ids.job_id(job_id)
    record = await find_person(info, hmpps_id, coordinate)
    async with audited(info, record.ref, coordinate):
        number = record.ref.nomis_number
        if number is None:  # the jobs board knows prisoners by NOMIS number, as the Integration API
            raise NotFound(f"Could not find a NOMIS number for person with HMPPS id: {hmpps_id}")
        try:
            accepted = await info.context.upstreams.jobs_board.express_interest(job, number)
        except UpstreamRejected as exc:
            mapped = refused(exc)
            if mapped is not None:
                raise mapped from exc
            raise
        if accepted is None:
            raise NotFound(f"Could not find job {job}")
    return types.ExpressionOfInterest(hmppsId=strawberry.ID(hmpps_id), prisonerNumber=number, jobId=strawberry.ID(job))
