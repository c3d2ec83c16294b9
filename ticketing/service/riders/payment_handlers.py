"""What the rider area does when a payment succeeds: fulfil an order or credit a top-up.

The payments service calls these once per payment, inside the transaction that marks it
succeeded. The issuer key ring is read from the runtime's ports at call time, so the handler
works whatever order the areas were wired in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import FixedClock
from ticketing.core.errors import Unavailable
from ticketing.service.payments import PAYMENT_SUCCEEDED_HANDLERS, PaymentSucceededHandler, PaymentView
from ticketing.service.riders.fulfilment import fulfil_order
from ticketing.service.riders.wallet import credit_topup


def _clock(view: PaymentView) -> FixedClock:
    if view.succeeded_at is None:
        raise Unavailable("payment_not_succeeded", f"payment {view.payment_id} has no success time")
    return FixedClock(view.succeeded_at)


def order_paid_handler(ports: Mapping[str, Any]) -> PaymentSucceededHandler:
    async def handle(session: AsyncSession, view: PaymentView) -> None:
        keyring = ports.get("issuer_keys")
        if keyring is None:
            raise Unavailable("tickets_unavailable", "no ticket issuer keys are configured")
        await fulfil_order(session, _clock(view), keyring, order_id=view.reference_id, provider=view.provider)

    return handle


async def topup_paid(session: AsyncSession, view: PaymentView) -> None:
    await credit_topup(session, _clock(view), topup_id=view.reference_id, provider=view.provider)


def register_payment_handlers(ports: Mapping[str, Any]) -> None:
    PAYMENT_SUCCEEDED_HANDLERS["order"] = order_paid_handler(ports)
    PAYMENT_SUCCEEDED_HANDLERS["wallet_topup"] = topup_paid
