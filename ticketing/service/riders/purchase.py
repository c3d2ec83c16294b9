"""The purchase use case: order + payment intent, then the provider call outside the transaction
(or immediate fulfilment of a free order)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.port import PaymentProvider
from ticketing.core.clock import Clock
from ticketing.core.errors import Conflict
from ticketing.db.models.orders import Order
from ticketing.fares.feed import Feed
from ticketing.service.payments import PaymentHandlers, PaymentView, get_payment
from ticketing.service.payments.intents import prepare_payment
from ticketing.service.riders.fulfilment import fulfil_order
from ticketing.service.riders.orders import (
    OrderItem,
    OrderView,
    attempt_payment_id,
    create_order,
    get_order,
    order_json,
)
from ticketing.service.riders.tickets import order_ticket_ids
from ticketing.service.tickets import IssuerKeyRing


@dataclass(frozen=True, slots=True)
class PurchasePorts:
    payments: PaymentProvider  # runtime.payments
    keyring: IssuerKeyRing  # runtime.issuer_keys
    handlers: PaymentHandlers  # runtime.payment_handlers


def payment_json(order: OrderView, payment: PaymentView | None) -> dict[str, Any]:
    if payment is None:
        return {
            "payment_id": None,
            "provider": None,
            "status": "not_required",
            "amount_minor": order.total_minor,
            "currency": order.currency,
            "client_secret": None,
            "sandbox_confirm_url": None,
        }
    sandbox = payment.provider == "sandbox"
    return {
        "payment_id": payment.payment_id,
        "provider": payment.provider,
        "status": payment.status,
        "amount_minor": order.total_minor,
        "currency": order.currency,
        "client_secret": payment.client_secret,
        "sandbox_confirm_url": f"/v1/orders/{order.order_id}/sandbox-confirm" if sandbox else None,
    }


async def order_document(session: AsyncSession, order: OrderView) -> dict[str, Any]:
    payment = await get_payment(session, order.payment_id) if order.total_minor > 0 else None
    ticket_ids = await order_ticket_ids(session, order.order_id)
    return {**order_json(order), "payment": payment_json(order, payment), "ticket_ids": ticket_ids}


async def _attempt_order(
    session: AsyncSession, rider_id: str, payment_id: str, items: Sequence[OrderItem]
) -> OrderView | None:
    """The order an earlier try of this attempt committed (its provider call may not have run)."""
    order_id = await session.scalar(select(Order.id).where(Order.payment_id == payment_id))
    if order_id is None:
        return None
    order = await get_order(session, rider_id, order_id)
    asked = [(i.fare_product_id, i.rider_category_id, i.fare_media_id, i.quantity, i.device_key_id)
             for i in items]
    held = [(line.fare_product_id, line.rider_category_id, line.fare_media_id, line.quantity,
             line.device_key_id) for line in order.lines]
    if asked != held:
        raise Conflict("idempotency_key_reused", "this Idempotency-Key was used with a different request")
    return order


async def start_purchase(
    session: AsyncSession,
    clock: Clock,
    ports: PurchasePorts,
    feed: Feed,
    rider_id: str,
    items: Sequence[OrderItem],
    *,
    idempotency_key: str | None = None,
) -> OrderView:
    """Step 1 of a purchase, in the caller's transaction: the order and its payment intent (no
    provider call), or a free order fulfilled at once. With the attempt's ``idempotency_key``
    the payment id is derived from it, so a retry after a crash resumes the same order and the
    provider sees the same idempotency key. Then, with no transaction open, the caller runs
    :func:`ticketing.service.payments.intents.complete_payment` for ``order.payment_id``."""
    payment_id = attempt_payment_id(rider_id, idempotency_key) if idempotency_key else None
    if payment_id is not None:
        resumed = await _attempt_order(session, rider_id, payment_id, items)
        if resumed is not None:
            return resumed
    order = await create_order(session, clock, feed, rider_id, items, payment_id=payment_id)
    if order.total_minor > 0:
        await prepare_payment(
            session, clock, ports.payments, payment_id=order.payment_id, purpose="order",
            reference_id=order.order_id, amount_minor=order.total_minor, currency=order.currency,
            description=f"vexe order payment {order.payment_id}",
        )
        return order
    await fulfil_order(session, clock, ports.keyring, order_id=order.order_id, provider=ports.payments.name)
    return await get_order(session, rider_id, order.order_id)
