"""The purchase use case: order + payment (or immediate fulfilment of a free order)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from gateway.port import PaymentProvider
from ticketing.core.clock import Clock
from ticketing.fares.feed import Feed
from ticketing.service.payments import PaymentHandlers, PaymentView, create_payment, get_payment
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


async def purchase(
    session: AsyncSession,
    clock: Clock,
    ports: PurchasePorts,
    feed: Feed,
    rider_id: str,
    items: Sequence[OrderItem],
    *,
    idempotency_key: str | None = None,
) -> dict[str, Any]:
    """With the attempt's ``idempotency_key`` the payment id (and so the provider's idempotency
    key and parameters) is the same for every racing retry of the attempt."""
    payment_id = attempt_payment_id(rider_id, idempotency_key) if idempotency_key else None
    order = await create_order(session, clock, feed, rider_id, items, payment_id=payment_id)
    if order.total_minor > 0:
        await create_payment(
            session,
            clock,
            ports.payments,
            payment_id=order.payment_id,
            purpose="order",
            reference_id=order.order_id,
            amount_minor=order.total_minor,
            currency=order.currency,
            description=f"vexe order payment {order.payment_id}",
            handlers=ports.handlers,
        )
    else:
        await fulfil_order(
            session, clock, ports.keyring, order_id=order.order_id, provider=ports.payments.name
        )
        order = await get_order(session, rider_id, order.order_id)
    return await order_document(session, order)
