"""Drill down from a reconciliation line to the payment and the ledger transfers behind it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from ticketing.core.errors import NotFound
from ticketing.db.models.ledger import LedgerAccount, LedgerTransfer
from ticketing.db.models.payments import Payment, PaymentRefund
from ticketing.service.payments.view import PaymentView


@dataclass(frozen=True, slots=True)
class TrailTransfer:
    transfer_id: str
    code: str
    flag: str
    debit_account: str
    credit_account: str
    amount_minor: int
    currency: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PaymentTrail:
    key: str
    payment: PaymentView | None
    refund_ids: list[str]
    transfers: list[TrailTransfer]


async def payment_trail(session: AsyncSession, key: str) -> PaymentTrail:
    """``key`` is a provider object id (charge or refund) or one of our references."""
    payment = await session.scalar(sa.select(Payment).where(sa.or_(
        Payment.provider_charge_id == key, Payment.payment_id == key, Payment.provider_payment_id == key)))
    refund = await session.scalar(sa.select(PaymentRefund).where(sa.or_(
        PaymentRefund.provider_refund_id == key, PaymentRefund.refund_id == key)))
    if payment is None and refund is not None:
        payment = await session.get(Payment, refund.payment_id)
    refs = [key]
    refund_ids: list[str] = []
    if payment is not None:
        refs += [payment.payment_id, payment.reference_id]
        refund_ids = list(await session.scalars(sa.select(PaymentRefund.refund_id).where(
            PaymentRefund.payment_id == payment.payment_id)))
        refs += refund_ids
    debit, credit, t = aliased(LedgerAccount), aliased(LedgerAccount), LedgerTransfer
    rows = (await session.execute(
        sa.select(t.id, t.code, t.flag, debit.name, credit.name, t.amount_minor, t.currency, t.created_at)
        .join(debit, debit.id == t.debit_account_id).join(credit, credit.id == t.credit_account_id)
        .where(t.reference.in_(refs)).order_by(t.created_at, t.id).limit(200)
    )).all()
    if payment is None and not rows:
        raise NotFound("payment_not_found", f"no payment or ledger transfer for {key!r}")
    return PaymentTrail(key, PaymentView.of(payment) if payment else None, refund_ids,
                        [TrailTransfer(*row) for row in rows])
