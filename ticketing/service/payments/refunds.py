"""Refunds, exactly once: intent row → provider call outside any transaction → result row.

1. ``prepare_refund`` (in the caller's transaction, which then commits): checks the refund, writes
   the ``payment_refunds`` row as ``pending`` and posts the ledger entry (Dr unearned or the
   rider's wallet / Cr receipt account) under the refund id. The books say the money is owed
   back from this commit on.
2. ``send_refund`` (no transaction open): asks the provider with the key
   ``vexe:refund:<refund_id>``. The provider answers a repeated key with its first refund, so
   however often this step runs the money moves once.
3. ``record_refund_result`` (its own transaction): the row becomes ``succeeded`` with the
   provider's refund id; a conditional update, so racing writers agree.

A crash or a lost commit between the steps leaves a ``pending`` row; the caller's retry or the
worker's upkeep (``resume_pending_refunds``) runs steps 2-3 again with the same key.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.port import PaymentProvider, ProviderError, ProviderRefund
from ticketing.core.clock import Clock
from ticketing.core.errors import Conflict, DomainError, InvalidInput, Rejected
from ticketing.db.models.payments import PaymentRefund
from ticketing.db.uow import UnitOfWorkFactory
from ticketing.service.ledger.postings import record_refund, record_wallet_refund
from ticketing.service.payments.payments import payment_row, provider_failure

log = logging.getLogger("vexe.payments.refunds")

# A pending refund younger than this is probably being sent by the request that wrote it; the
# upkeep leaves it to that request (sending it again would be harmless, just wasted).
RESUME_AFTER = timedelta(minutes=2)
RESUME_BATCH = 100

RefundCompleted = Callable[[AsyncSession, str], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class RefundIntent:
    refund_id: str
    payment_id: str
    provider: str
    provider_payment_id: str
    amount_minor: int
    status: str  # pending | succeeded

    @property
    def idempotency_key(self) -> str:
        return f"vexe:refund:{self.refund_id}"


async def prepare_refund(
    session: AsyncSession, clock: Clock, *, refund_id: str, payment_id: str, amount_minor: int,
    ticket_id: str | None,
) -> RefundIntent:
    """Step 1. Idempotent by ``refund_id``: the same refund again returns its intent; another body
    under that id is a Conflict."""
    if isinstance(amount_minor, bool) or not isinstance(amount_minor, int) or amount_minor <= 0:
        raise InvalidInput("amount_not_positive", "a refund amount is a positive integer")
    payment = await payment_row(session, payment_id, for_update=True)
    existing = await session.get(PaymentRefund, refund_id)
    if existing is not None:
        if (existing.payment_id, existing.amount_minor, existing.ticket_id) != (
            payment_id, amount_minor, ticket_id
        ):
            raise Conflict("refund_id_reused", f"refund {refund_id} exists with another body")
        return _intent(existing, payment.provider, payment.provider_payment_id)
    if payment.status != "succeeded":
        raise Rejected("payment_not_succeeded", f"payment {payment_id} is {payment.status}")
    if payment.provider_payment_id is None:
        raise Rejected("payment_provider_mismatch", f"payment {payment_id} has no provider payment")
    refunded = int(await session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(PaymentRefund.amount_minor), 0)).where(
            PaymentRefund.payment_id == payment_id)) or 0)
    if refunded + amount_minor > payment.amount_minor:
        raise Rejected("refund_exceeds_paid",
                       f"{amount_minor} more would refund beyond the {payment.amount_minor} paid")
    row = PaymentRefund(
        refund_id=refund_id, payment_id=payment_id, ticket_id=ticket_id, amount_minor=amount_minor,
        currency=payment.currency, provider_refund_id=None, status="pending", created_at=clock.now(),
    )
    session.add(row)
    await session.flush()
    if ticket_id is not None:
        await record_refund(session, clock, refund_id=refund_id, provider=payment.provider,
                            ticket_id=ticket_id, amount_minor=amount_minor, currency=payment.currency)
    elif payment.purpose == "wallet_topup":
        await record_wallet_refund(session, clock, refund_id=refund_id, provider=payment.provider,
                                   topup_ids=(payment.reference_id, payment.payment_id),
                                   amount_minor=amount_minor, currency=payment.currency)
    else:
        raise InvalidInput("ticket_required", "an order refund names the ticket it refunds")
    return _intent(row, payment.provider, payment.provider_payment_id)


def _intent(row: PaymentRefund, provider: str, provider_payment_id: str | None) -> RefundIntent:
    return RefundIntent(row.refund_id, row.payment_id, provider, provider_payment_id or "",
                        row.amount_minor, row.status)


async def send_refund(provider: PaymentProvider, intent: RefundIntent) -> ProviderRefund:
    """Step 2: call the provider. Never call this with a database transaction open."""
    if intent.provider != provider.name:
        raise Rejected("payment_provider_mismatch", f"refund {intent.refund_id} is with {intent.provider}")
    try:
        return await provider.refund(
            idempotency_key=intent.idempotency_key, provider_payment_id=intent.provider_payment_id,
            amount_minor=intent.amount_minor,
            metadata={"vexe_refund_id": intent.refund_id, "vexe_payment_id": intent.payment_id},
        )
    except ProviderError as exc:
        raise provider_failure(exc) from None


async def record_refund_result(session: AsyncSession, refund_id: str, done: ProviderRefund) -> bool:
    """Step 3. True when this call moved the refund to ``succeeded``."""
    if done.status not in ("succeeded", "pending"):  # pending at the provider: the money is on its way
        log.warning("provider answered refund %s with status %s", refund_id, done.status)
        return False
    moved = await session.execute(sa.update(PaymentRefund).where(
        PaymentRefund.refund_id == refund_id, PaymentRefund.status == "pending",
    ).values(status="succeeded", provider_refund_id=done.provider_refund_id))
    return bool(getattr(moved, "rowcount", 0))


async def complete_refund(
    unit_of_work: UnitOfWorkFactory, provider: PaymentProvider, intent: RefundIntent
) -> bool:
    """Steps 2 and 3 for a committed intent; True once the provider has refunded."""
    if intent.status == "succeeded":
        return True
    done = await send_refund(provider, intent)
    async with unit_of_work() as uow:
        await record_refund_result(uow.session, intent.refund_id, done)
    return done.status in ("succeeded", "pending")


async def refund_payment(
    unit_of_work: UnitOfWorkFactory, clock: Clock, provider: PaymentProvider, *, refund_id: str,
    payment_id: str, amount_minor: int, ticket_id: str | None,
) -> RefundIntent:
    """The three steps in their own transactions; safe to call again with the same arguments."""
    async with unit_of_work() as uow:
        intent = await prepare_refund(uow.session, clock, refund_id=refund_id, payment_id=payment_id,
                                      amount_minor=amount_minor, ticket_id=ticket_id)
    await complete_refund(unit_of_work, provider, intent)
    async with unit_of_work() as uow:
        row = await uow.session.get(PaymentRefund, refund_id)
        assert row is not None
        payment = await payment_row(uow.session, row.payment_id)
        return _intent(row, payment.provider, payment.provider_payment_id)


async def resume_pending_refunds(
    unit_of_work: UnitOfWorkFactory, clock: Clock, provider: PaymentProvider, *,
    older_than: timedelta = RESUME_AFTER, limit: int = RESUME_BATCH,
    on_completed: RefundCompleted | None = None,
) -> tuple[int, int]:
    """The upkeep's pass over refunds left ``pending`` by a crash or a lost commit: (completed,
    still pending). ``on_completed(refund_id)`` runs in its own transaction after each one."""
    cutoff: datetime = clock.now() - older_than
    async with unit_of_work() as uow:
        rows = (await uow.session.execute(
            sa.select(PaymentRefund.refund_id).where(
                PaymentRefund.status == "pending", PaymentRefund.created_at < cutoff)
            .order_by(PaymentRefund.created_at).limit(limit))).scalars().all()
    completed = left = 0
    for refund_id in rows:
        try:
            async with unit_of_work() as uow:
                row = await uow.session.get(PaymentRefund, refund_id)
                assert row is not None
                payment = await payment_row(uow.session, row.payment_id)
                intent = _intent(row, payment.provider, payment.provider_payment_id)
            if await complete_refund(unit_of_work, provider, intent):
                completed += 1
                if on_completed is not None:
                    async with unit_of_work() as uow:
                        await on_completed(uow.session, refund_id)
            else:
                left += 1
        except DomainError as exc:
            log.warning("refund %s still pending: %s", refund_id, exc)
            left += 1
    return completed, left
