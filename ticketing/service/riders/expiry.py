"""Orders abandoned in ``pending_payment`` expire: the payment is canceled at the provider first.

An order whose payment was not decided within :data:`ORDER_PAYMENT_WINDOW` of its creation is
expired by ``vexe orders expire`` (or :func:`expire_abandoned_orders` from the worker). The
PaymentIntent is canceled at the provider (idempotent; an already canceled one is fine) and the
cancel goes through the same failure handler as a webhook ``payment_intent.canceled``, which
marks the order ``expired``. If the rider paid at the last moment the provider refuses the cancel,
the success is applied instead and the order is fulfilled. The provider is called with no
transaction open; each order's result is its own transaction, so a provider outage on one order
leaves the others expired and this order for the next run.

Top-ups awaiting payment expire the same way (:func:`expire_abandoned_topups`): the top-up becomes
``failed`` with code ``expired`` and stops counting towards the wallet cap.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa

from gateway.port import PaymentProvider
from ticketing.core.clock import Clock
from ticketing.core.errors import DomainError
from ticketing.db.models.orders import Order, WalletTopup
from ticketing.db.uow import UnitOfWorkFactory
from ticketing.service.payments import PaymentHandlers
from ticketing.service.payments.intents import cancel_outside

log = logging.getLogger("vexe.riders.expiry")

ORDER_PAYMENT_WINDOW = timedelta(minutes=30)
BATCH_LIMIT = 200


@dataclass(slots=True)
class ExpiryReport:
    expired: list[str] = field(default_factory=list)
    paid: list[str] = field(default_factory=list)  # the provider said it succeeded meanwhile
    failed: list[str] = field(default_factory=list)  # the card had been refused: failed, not expired
    errors: dict[str, str] = field(default_factory=dict)  # left pending for the next run

    def as_json(self) -> dict[str, object]:
        return {"expired": self.expired, "paid": self.paid, "failed": self.failed, "errors": self.errors}


async def expire_abandoned_orders(
    unit_of_work: UnitOfWorkFactory, clock: Clock, provider: PaymentProvider,
    handlers: PaymentHandlers, *, window: timedelta = ORDER_PAYMENT_WINDOW, limit: int = BATCH_LIMIT,
) -> ExpiryReport:
    """Expire orders pending for longer than ``window``; safe to run any number of times."""
    cutoff = clock.now() - window
    async with unit_of_work() as uow:
        due = list(await uow.session.execute(
            sa.select(Order.id, Order.payment_id)
            .where(Order.status == "pending_payment", Order.created_at < cutoff, Order.total_minor > 0)
            .order_by(Order.created_at).limit(limit)
        ))
    report = ExpiryReport()
    for order_id, payment_id in due:
        try:
            await cancel_outside(unit_of_work, clock, provider, handlers, payment_id=payment_id)
            async with unit_of_work() as uow:
                status = await uow.session.scalar(sa.select(Order.status).where(Order.id == order_id))
        except DomainError as exc:
            log.warning("order %s not expired: %s", order_id, exc)
            report.errors[order_id] = str(exc)
            continue
        if status == "expired":
            report.expired.append(order_id)
        elif status == "paid":
            report.paid.append(order_id)
        elif status == "failed":
            report.failed.append(order_id)
        else:
            report.errors[order_id] = f"order is still {status}"
    return report


async def expire_abandoned_topups(
    unit_of_work: UnitOfWorkFactory, clock: Clock, provider: PaymentProvider, handlers: PaymentHandlers, *,
    window: timedelta = ORDER_PAYMENT_WINDOW, limit: int = BATCH_LIMIT,
) -> ExpiryReport:
    """Expire top-ups awaiting payment for longer than ``window``; safe to run any number of times."""
    cutoff = clock.now() - window
    async with unit_of_work() as uow:
        due = list(await uow.session.execute(
            sa.select(WalletTopup.id, WalletTopup.payment_id)
            .where(WalletTopup.status == "pending_payment", WalletTopup.created_at < cutoff)
            .order_by(WalletTopup.created_at).limit(limit)
        ))
    report = ExpiryReport()
    for topup_id, payment_id in due:
        try:
            await cancel_outside(unit_of_work, clock, provider, handlers, payment_id=payment_id)
            async with unit_of_work() as uow:
                row = (await uow.session.execute(sa.select(WalletTopup.status, WalletTopup.failure_code)
                                                 .where(WalletTopup.id == topup_id))).one()
        except DomainError as exc:
            log.warning("top-up %s not expired: %s", topup_id, exc)
            report.errors[topup_id] = str(exc)
            continue
        if row.status == "credited":
            report.paid.append(topup_id)
        elif row.status == "failed" and row.failure_code == "expired":
            report.expired.append(topup_id)
        elif row.status == "failed":
            report.failed.append(topup_id)
        else:
            report.errors[topup_id] = f"top-up is still {row.status}"
    return report
