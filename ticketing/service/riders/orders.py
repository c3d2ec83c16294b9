"""Orders: price the basket from the fare catalogue, start the payment, fulfil once paid.

``place_order`` writes the order and asks the payments service for a payment (a Stripe
PaymentIntent or a sandbox payment). ``fulfil_order`` runs when that payment succeeds (webhook or
sandbox confirmation, through the "order" success handler in ``runtime.payment_handlers``): it
issues the tickets with ids derived from the order line, so a replay issues nothing new, and posts
the sale to the ledger under the order id, which the ledger treats as the transfer's idempotency key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import InvalidInput, NotFound, Rejected
from ticketing.core.ids import new_ulid
from ticketing.db.models.orders import Order, OrderLine
from ticketing.fares.feed import Feed
from ticketing.fares.offers import ProductOffer, find_offer
from ticketing.fares.product_names import product_names
from ticketing.service.riders.catalog import category_names
from ticketing.service.riders.concessions import ensure_may_buy
from ticketing.service.riders.payment_failures import failure_json
from ticketing.service.tickets.device_keys import riders_device_key

MAX_LINES = 10
MAX_QUANTITY = 10
MAX_TICKETS = 20


@dataclass(frozen=True, slots=True)
class OrderItem:
    fare_product_id: str
    rider_category_id: str
    fare_media_id: str
    quantity: int
    device_key_id: str | None = None


@dataclass(frozen=True, slots=True)
class OrderLineView:
    line_no: int
    fare_product_id: str
    fare_product_name: str
    fare_product_name_en: str
    rider_category_id: str
    fare_media_id: str
    quantity: int
    unit_amount_minor: int
    validity: str
    device_key_id: str | None


@dataclass(frozen=True, slots=True)
class OrderView:
    order_id: str
    rider_id: str
    status: str
    currency: str
    total_minor: int
    payment_id: str
    created_at: datetime
    paid_at: datetime | None
    lines: tuple[OrderLineView, ...]
    failure_code: str | None = None


def _validity_label(offer: ProductOffer) -> str:
    if offer.validity is None:
        return "single"
    days = offer.validity.duration_days
    return f"{offer.validity.validity_type}:{days}" if days else offer.validity.validity_type


def _check_items(items: Sequence[OrderItem]) -> None:
    if not items:
        raise InvalidInput("order_empty", "an order needs at least one item")
    if len(items) > MAX_LINES:
        raise InvalidInput("order_too_large", f"at most {MAX_LINES} items in one order")
    for item in items:
        if not 1 <= item.quantity <= MAX_QUANTITY:
            raise InvalidInput("quantity_invalid", f"quantity must be 1..{MAX_QUANTITY}")
    if sum(i.quantity for i in items) > MAX_TICKETS:
        raise InvalidInput("order_too_large", f"at most {MAX_TICKETS} tickets in one order")


async def _own_device_key(session: AsyncSession, device_key_id: str, rider_id: str) -> None:
    """The rider's own live phone key; someone else's key is as unknown as a missing one."""
    await riders_device_key(session, device_key_id, rider_id)


async def price_items(
    session: AsyncSession, feed: Feed, rider_id: str, items: Sequence[OrderItem]
) -> list[ProductOffer]:
    _check_items(items)
    categories: Mapping[str, bool] = category_names(feed)
    offers: list[ProductOffer] = []
    for item in items:
        await ensure_may_buy(session, rider_id, item.rider_category_id, categories)
        if item.device_key_id is not None:
            await _own_device_key(session, item.device_key_id, rider_id)
        offers.append(find_offer(feed, item.fare_product_id, item.rider_category_id, item.fare_media_id))
    currencies = {o.currency for o in offers}
    if len(currencies) != 1:
        raise Rejected("order_mixed_currency", "every item of an order must be in one currency")
    return offers


def attempt_payment_id(rider_id: str, idempotency_key: str) -> str:
    """The payment id of the order a rider's purchase attempt creates, derived from the attempt's
    Idempotency-Key alone: two racing requests with one key derive the same id, so the provider
    (whose idempotency key is built from it) answers both with the same PaymentIntent, and the
    losing transaction fails on the payment's primary key instead of leaving an orphan."""
    digest = hashlib.sha256(f"{rider_id}\n{idempotency_key}".encode()).hexdigest()
    return f"ord_k{digest[:48]}"


async def create_order(
    session: AsyncSession,
    clock: Clock,
    feed: Feed,
    rider_id: str,
    items: Sequence[OrderItem],
    *,
    payment_id: str | None = None,
) -> OrderView:
    """A pending order; ``payment_id`` (see :func:`attempt_payment_id`) defaults to one derived
    from the new order id."""
    offers = await price_items(session, feed, rider_id, items)
    now = clock.now()
    order_id = new_ulid(now)
    total = sum(o.amount_minor * i.quantity for o, i in zip(offers, items, strict=True))
    order = Order(
        id=order_id,
        rider_id=rider_id,
        status="pending_payment",
        currency=offers[0].currency,
        total_minor=total,
        payment_id=payment_id or f"ord_{order_id}",
        created_at=now,
        paid_at=None,
    )
    session.add(order)
    await session.flush()
    for line_no, (offer, item) in enumerate(zip(offers, items, strict=True), start=1):
        session.add(
            OrderLine(
                order_id=order_id,
                line_no=line_no,
                fare_product_id=offer.fare_product_id,
                fare_product_name=product_names(feed, offer).vi,
                fare_product_name_en=product_names(feed, offer).en,
                rider_category_id=item.rider_category_id,
                fare_media_id=item.fare_media_id,
                quantity=item.quantity,
                unit_amount_minor=offer.amount_minor,
                validity=_validity_label(offer),
                device_key_id=item.device_key_id,
            )
        )
    await session.flush()
    return await get_order(session, rider_id, order_id)


def _line_view(row: OrderLine) -> OrderLineView:
    return OrderLineView(
        row.line_no,
        row.fare_product_id,
        row.fare_product_name,
        row.fare_product_name_en or row.fare_product_name,
        row.rider_category_id,
        row.fare_media_id,
        row.quantity,
        row.unit_amount_minor,
        row.validity,
        row.device_key_id,
    )


async def get_order(session: AsyncSession, rider_id: str | None, order_id: str) -> OrderView:
    """The order; another rider's order is NotFound, exactly like a missing one."""
    order = await session.get(Order, order_id)
    if order is None or (rider_id is not None and order.rider_id != rider_id):
        raise NotFound("order_not_found", f"no order {order_id}")
    lines = await session.scalars(
        select(OrderLine).where(OrderLine.order_id == order_id).order_by(OrderLine.line_no)
    )
    return OrderView(
        order.id,
        order.rider_id,
        order.status,
        order.currency,
        order.total_minor,
        order.payment_id,
        order.created_at,
        order.paid_at,
        tuple(_line_view(r) for r in lines),
        order.failure_code,
    )


def order_json(view: OrderView) -> dict[str, Any]:
    return {
        "order_id": view.order_id,
        "status": view.status,
        "currency": view.currency,
        "total_minor": view.total_minor,
        "created_at": view.created_at,
        "paid_at": view.paid_at,
        "failure": failure_json(view.status, view.failure_code),
        "items": [
            {
                "line_no": line.line_no,
                "fare_product_id": line.fare_product_id,
                "fare_product_name": line.fare_product_name,
                "fare_product_names": {"vi": line.fare_product_name, "en": line.fare_product_name_en},
                "rider_category_id": line.rider_category_id,
                "fare_media_id": line.fare_media_id,
                "quantity": line.quantity,
                "unit_amount_minor": line.unit_amount_minor,
                "kind": "single" if line.validity == "single" else "pass",
                "device_key_id": line.device_key_id,
            }
            for line in view.lines
        ],
    }
