"""What the rider area does when a payment succeeds or fails.

Success: fulfil an order or credit a top-up. Failure (the card was refused): the order or top-up
becomes ``failed`` with the provider's code; cancellation (we cancel an abandoned order's or top-up's
payment when it expires) makes the order ``expired`` and the top-up ``failed`` with code
``expired``. A failure writes nothing to the ledger and issues
nothing. The payments service calls each handler once per payment, inside the transaction that
moves the payment; a success after a failure still fulfils (``failed``/``expired`` -> ``paid``).
The issuer key ring is read through a getter at call time (``runtime.issuer_keys``), so the
handler works whatever order the areas were wired in.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import FixedClock
from ticketing.core.errors import Unavailable
from ticketing.db.models.orders import Order, WalletTopup
from ticketing.service.payments import (
    FailureOutcome,
    PaymentHandlers,
    PaymentSucceededHandler,
    PaymentView,
)
from ticketing.service.riders.fulfilment import fulfil_order
from ticketing.service.riders.wallet import credit_topup
from ticketing.service.tickets.keyring import IssuerKeyRing


def _clock(view: PaymentView) -> FixedClock:
    if view.succeeded_at is None:
        raise Unavailable("payment_not_succeeded", f"payment {view.payment_id} has no success time")
    return FixedClock(view.succeeded_at)


def order_paid_handler(issuer_keys: Callable[[], IssuerKeyRing | None]) -> PaymentSucceededHandler:
    async def handle(session: AsyncSession, view: PaymentView) -> None:
        keyring = issuer_keys()
        if keyring is None:
            raise Unavailable("tickets_unavailable", "no ticket issuer keys are configured")
        await fulfil_order(session, _clock(view), keyring, order_id=view.reference_id, provider=view.provider)

    return handle


async def topup_paid(session: AsyncSession, view: PaymentView) -> None:
    await credit_topup(session, _clock(view), topup_id=view.reference_id, provider=view.provider)


async def order_payment_failed(
    session: AsyncSession, view: PaymentView, outcome: FailureOutcome, code: str | None
) -> None:
    """Only a pending order moves: a paid order is never un-paid by a stale failure."""
    await session.execute(
        sa.update(Order)
        .where(Order.id == view.reference_id, Order.status == "pending_payment")
        .values(status="expired" if outcome == "canceled" else "failed", failure_code=code)
    )


async def topup_payment_failed(
    session: AsyncSession, view: PaymentView, outcome: FailureOutcome, code: str | None
) -> None:
    await session.execute(
        sa.update(WalletTopup)
        .where(WalletTopup.id == view.reference_id, WalletTopup.status == "pending_payment")
        .values(status="failed", failure_code="expired" if outcome == "canceled" else (code or outcome))
    )


def rider_payment_handlers(issuer_keys: Callable[[], IssuerKeyRing | None]) -> PaymentHandlers:
    """The rider area's handlers for "order" and "wallet_topup" payments."""
    return PaymentHandlers(
        succeeded={"order": order_paid_handler(issuer_keys), "wallet_topup": topup_paid},
        failed={"order": order_payment_failed, "wallet_topup": topup_payment_failed},
    )
