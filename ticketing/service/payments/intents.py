"""Payments whose provider calls run outside any database transaction.

The pattern, as for refunds: record the intent and commit, call the provider with an
idempotency key derived from the intent's id, record the result in a new transaction. A crash
between the steps leaves the intent; running the same steps again (a retried request, the
worker's upkeep) reaches the same provider object, because the key is the same.

- ``prepare_payment``: the ``payments`` row in status ``creating`` (no provider object yet).
- ``open_payment``: prepare, commit, ``provider.create_payment`` (key ``vexe:<purpose>:<id>``),
  then record the provider's object and apply its state.
- ``cancel_outside``: cancel (or, if it cannot be canceled, fetch) at the provider with no
  transaction open, then apply what the provider says in one.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from gateway.port import PaymentDeclined, PaymentProvider, ProviderError, ProviderPayment
from ticketing.core.clock import Clock
from ticketing.core.errors import Rejected
from ticketing.db.models.payments import Payment
from ticketing.db.uow import UnitOfWorkFactory
from ticketing.service.payments.handlers import PaymentHandlers
from ticketing.service.payments.payments import (
    IDEMPOTENCY_PREFIX,
    apply_failure,
    apply_provider_state,
    checked_request,
    payment_row,
    provider_failure,
)
from ticketing.service.payments.view import PaymentView, Purpose

CREATING = "creating"


async def prepare_payment(
    session: AsyncSession, clock: Clock, provider: PaymentProvider, *, payment_id: str,
    purpose: Purpose, reference_id: str, amount_minor: int, currency: str, description: str,
) -> PaymentView:
    """The intent row; the same request again returns it, another body under the id conflicts."""
    fingerprint, existing_view = await checked_request(
        session, payment_id=payment_id, purpose=purpose, reference_id=reference_id,
        amount_minor=amount_minor, currency=currency,
    )
    if existing_view is not None:
        return existing_view
    row = Payment(
        payment_id=payment_id, purpose=purpose, reference_id=reference_id, provider=provider.name,
        provider_payment_id=None, provider_charge_id=None, client_secret=None,
        amount_minor=amount_minor, currency=currency, description=description[:255],
        status=CREATING, fingerprint=fingerprint, created_at=clock.now(), succeeded_at=None,
    )
    session.add(row)
    await session.flush()
    return PaymentView.of(row)


async def _send(provider: PaymentProvider, row: Payment) -> ProviderPayment:
    try:
        return await provider.create_payment(
            idempotency_key=f"{IDEMPOTENCY_PREFIX[row.purpose]}{row.payment_id}",
            amount_minor=row.amount_minor, currency=row.currency, description=row.description,
            metadata={"vexe_payment_id": row.payment_id, "vexe_purpose": row.purpose},
        )
    except ProviderError as exc:
        raise provider_failure(exc) from None


async def record_created(
    session: AsyncSession, clock: Clock, provider: PaymentProvider, handlers: PaymentHandlers,
    payment_id: str, created: ProviderPayment,
) -> PaymentView:
    row = await payment_row(session, payment_id, for_update=True)
    if row.provider_payment_id is None:
        row.provider_payment_id = created.provider_payment_id
        row.provider_charge_id = created.charge_id
        row.client_secret = created.client_secret
        row.status = "pending" if created.status == "succeeded" else created.status
        await session.flush()
    return await apply_provider_state(session, clock, provider, row, created, handlers)


async def complete_payment(
    unit_of_work: UnitOfWorkFactory, clock: Clock, provider: PaymentProvider, handlers: PaymentHandlers,
    payment_id: str,
) -> PaymentView:
    """Steps 2-3 for a committed intent (nothing to do once the provider object is known)."""
    async with unit_of_work() as uow:
        row = await payment_row(uow.session, payment_id)
    if row.provider_payment_id is not None:
        return PaymentView.of(row)
    if row.provider != provider.name:
        raise Rejected("payment_provider_mismatch", f"payment {payment_id} is with {row.provider}")
    created = await _send(provider, row)
    async with unit_of_work() as uow:
        return await record_created(uow.session, clock, provider, handlers, payment_id, created)


async def cancel_outside(
    unit_of_work: UnitOfWorkFactory, clock: Clock, provider: PaymentProvider, handlers: PaymentHandlers,
    *, payment_id: str,
) -> PaymentView:
    """Cancel a payment not yet succeeded, with no transaction open during the provider call.
    A payment the provider never created is canceled here alone; one that succeeded meanwhile
    has its success applied instead."""
    async with unit_of_work() as uow:
        view = PaymentView.of(await payment_row(uow.session, payment_id))
    if view.status in ("succeeded", "canceled"):
        return view
    if view.provider_payment_id is None:  # the intent never reached the provider: nothing to cancel
        never = ProviderPayment(provider_payment_id="", status="canceled", amount_minor=view.amount_minor,
                                currency=view.currency)
        async with unit_of_work() as uow:
            row = await payment_row(uow.session, payment_id, for_update=True)
            if row.provider_payment_id is None:
                await apply_failure(uow.session, row, never, handlers)
            await uow.session.refresh(row)
            return PaymentView.of(row)
    if view.provider != provider.name:
        raise Rejected("payment_provider_mismatch", f"payment {payment_id} is with {view.provider}")
    try:
        fetched = await provider.cancel_payment(view.provider_payment_id)
    except PaymentDeclined as exc:
        raise provider_failure(exc) from None
    except ProviderError:
        try:
            fetched = await provider.fetch_payment(view.provider_payment_id)
        except ProviderError as exc:
            raise provider_failure(exc) from None
    async with unit_of_work() as uow:
        row = await payment_row(uow.session, payment_id, for_update=True)
        return await apply_provider_state(uow.session, clock, provider, row, fetched, handlers)

