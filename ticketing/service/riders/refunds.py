"""Refunds of unused tickets (policy: docs/refund-policy.md): refund → deny-list → ledger.

One refund per ticket (the table is unique on ticket id), and every step is keyed by our own ids
(the refund id is the provider's idempotency key and the ledger transfer id), so a retried
request refunds nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.port import PaymentProvider
from ticketing.core.clock import Clock
from ticketing.core.errors import Rejected
from ticketing.core.ids import new_ulid
from ticketing.db.models.orders import Order, OrderLine, Refund
from ticketing.db.models.tickets import Ticket
from ticketing.service.payments import refund_payment
from ticketing.service.riders.fulfilment import order_ticket_id
from ticketing.service.riders.tickets import get_ticket_row
from ticketing.service.tickets import refund_ticket as refund_ticket_status


@dataclass(frozen=True, slots=True)
class RefundView:
    refund_id: str
    ticket_id: str
    order_id: str
    amount_minor: int
    currency: str
    status: str
    created_at: datetime


def _view(row: Refund) -> RefundView:
    return RefundView(
        row.id, row.ticket_id, row.order_id, row.amount_minor, row.currency, row.status, row.created_at
    )


async def paid_for(session: AsyncSession, order_id: str, ticket_id: str) -> int | None:
    """What the rider paid for ``ticket_id`` in its order (None: not a ticket of that order)."""
    lines = await session.scalars(select(OrderLine).where(OrderLine.order_id == order_id))
    for line in lines:
        for seq in range(line.quantity):
            if order_ticket_id(order_id, line.line_no, seq) == ticket_id:
                return line.unit_amount_minor
    return None


def refusal(ticket: Ticket, paid_minor: int, now: datetime) -> str | None:
    """Why the policy refuses to refund ``ticket`` now (None: refundable)."""
    if paid_minor <= 0:
        return "a free ticket has nothing to refund"
    if ticket.status not in ("issued", "active"):
        return f"the ticket is {ticket.status}"
    if ticket.first_used_at is not None:
        return "the ticket has been used"
    if ticket.valid_until <= now:
        return "the ticket has expired"
    return None


async def refund_ticket(
    session: AsyncSession,
    clock: Clock,
    provider: PaymentProvider,
    *,
    rider_id: str,
    ticket_id: str,
    reason: str,
) -> tuple[RefundView, bool]:
    """Refund an unused ticket in full; returns (refund, created). Repeating returns the first."""
    ticket = await get_ticket_row(session, rider_id, ticket_id)  # not theirs: NotFound
    existing = await session.scalar(select(Refund).where(Refund.ticket_id == ticket_id))
    if existing is not None:
        return _view(existing), False
    order = await session.get(Order, ticket.order_id) if ticket.order_id else None
    paid = await paid_for(session, order.id, ticket_id) if order is not None else None
    if order is None or order.status != "paid" or paid is None:
        raise Rejected("not_refundable", "only tickets bought in the app are refunded here")
    now = clock.now()
    why = refusal(ticket, paid, now)
    if why is not None:
        raise Rejected("not_refundable", why)
    row = Refund(
        id=new_ulid(now),
        rider_id=rider_id,
        ticket_id=ticket_id,
        order_id=order.id,
        amount_minor=paid,
        fee_minor=0,
        currency=order.currency,
        status="refunded",
        reason=reason,
        created_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:  # a concurrent request refunded this ticket first: answer its refund
        existing = await session.scalar(select(Refund).where(Refund.ticket_id == ticket_id))
        if existing is None:
            raise
        return _view(existing), False
    # The ticket service marks it refunded and deny-lists it; the payments service refunds the
    # card and posts Dr unearned / Cr PSP under the refund id.
    await refund_ticket_status(session, clock, ticket_id=ticket_id, reason=reason, actor=f"rider:{rider_id}")
    await refund_payment(
        session,
        clock,
        provider,
        refund_id=row.id,
        payment_id=order.payment_id,
        amount_minor=paid,
        ticket_id=ticket_id,
    )
    return _view(row), True


async def list_refunds(
    session: AsyncSession, rider_id: str, *, before_id: str | None = None, limit: int = 20
) -> list[RefundView]:
    query = select(Refund).where(Refund.rider_id == rider_id)
    if before_id is not None:
        query = query.where(Refund.id < before_id)
    rows = await session.scalars(query.order_by(Refund.id.desc()).limit(limit))
    return [_view(r) for r in rows]
