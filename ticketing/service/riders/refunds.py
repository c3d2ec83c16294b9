"""Refunds of unused tickets (policy: docs/refund-policy.md): deny-list and ledger, then the card.

One refund per ticket, ever: the rider's refund row is unique on the ticket, and the money
movement's id is derived from the ticket (``tkt_<ticket_id>``), so it is the same ledger transfer
and the same provider idempotency key however often and from wherever the refund is retried.
The provider is called with no database transaction open (payments/refunds.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.port import PaymentProvider
from ticketing.core.clock import Clock
from ticketing.core.errors import Rejected, Unavailable
from ticketing.core.ids import new_ulid
from ticketing.db.models.orders import Order, OrderLine, Refund
from ticketing.db.models.tickets import Ticket
from ticketing.db.uow import UnitOfWorkFactory
from ticketing.service.payments.refunds import (
    RefundIntent,
    complete_refund,
    prepare_refund,
    resume_pending_refunds,
)
from ticketing.service.riders.fulfilment import order_ticket_id
from ticketing.service.riders.tickets import get_ticket_row
from ticketing.service.tickets import refund_ticket as refund_ticket_status

log = logging.getLogger("vexe.riders.refunds")


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


def refund_payment_id(ticket_id: str) -> str:
    """The money movement's id, derived from the ticket: one refund per ticket, ever. It is the
    ledger transfer's id and the provider's idempotency key (``vexe:refund:tkt_<ticket_id>``)."""
    return f"tkt_{ticket_id}"


async def _ask(
    session: AsyncSession, clock: Clock, *, rider_id: str, ticket_id: str, reason: str
) -> tuple[Refund, RefundIntent | None]:
    """Step 1 (intent): the refund row, the ticket refunded and deny-listed, the ledger posted.
    Returns the refund and, unless the money is already back, what the provider must be asked."""
    ticket = await get_ticket_row(session, rider_id, ticket_id)  # not theirs: NotFound
    existing = await session.scalar(select(Refund).where(Refund.ticket_id == ticket_id))
    if existing is None:
        order = await session.get(Order, ticket.order_id) if ticket.order_id else None
        paid = await paid_for(session, order.id, ticket_id) if order is not None else None
        if order is None or order.status != "paid" or paid is None:
            raise Rejected("not_refundable", "only tickets bought in the app are refunded here")
        now = clock.now()
        why = refusal(ticket, paid, now)
        if why is not None:
            raise Rejected("not_refundable", why)
        existing = Refund(
            id=new_ulid(now), rider_id=rider_id, ticket_id=ticket_id, order_id=order.id,
            amount_minor=paid, fee_minor=0, currency=order.currency, status="pending", reason=reason,
            created_at=now,
        )
        session.add(existing)
        await session.flush()
        # The ticket service marks it refunded and deny-lists it before any money moves.
        await refund_ticket_status(session, clock, ticket_id=ticket_id, reason=reason,
                                   actor=f"rider:{rider_id}")
    if existing.status == "refunded":
        return existing, None
    order = await session.get(Order, existing.order_id)
    if order is None:
        raise Rejected("not_refundable", "only tickets bought in the app are refunded here")
    intent = await prepare_refund(session, clock, refund_id=refund_payment_id(ticket_id),
                                  payment_id=order.payment_id, amount_minor=existing.amount_minor,
                                  ticket_id=ticket_id)
    return existing, intent


async def mark_refunded(session: AsyncSession, refund_payment_ref: str) -> None:
    """Step 3 for the rider's refund row, once the provider has paid back."""
    ticket_id = refund_payment_ref.removeprefix("tkt_")
    await session.execute(update(Refund).where(
        Refund.ticket_id == ticket_id, Refund.status == "pending").values(status="refunded"))


async def refund_ticket(
    unit_of_work: UnitOfWorkFactory,
    clock: Clock,
    provider: PaymentProvider,
    *,
    rider_id: str,
    ticket_id: str,
    reason: str,
) -> tuple[RefundView, bool]:
    """Refund an unused ticket in full; returns (refund, created). Repeating returns the first.

    Intent, provider call and result run in separate transactions, none open during the call.
    If the provider cannot be reached the refund is answered ``pending`` and the worker's
    upkeep finishes it (the same idempotency key, so the card is credited once)."""
    async with unit_of_work() as uow:
        before = await uow.session.scalar(select(Refund.id).where(
            Refund.ticket_id == ticket_id, Refund.rider_id == rider_id))
        row, intent = await _ask(uow.session, clock, rider_id=rider_id, ticket_id=ticket_id,
                                 reason=reason)
        refund_id = row.id
    if intent is not None:
        try:
            if await complete_refund(unit_of_work, provider, intent):
                async with unit_of_work() as uow:
                    await mark_refunded(uow.session, intent.refund_id)
        except Unavailable as exc:
            log.warning("refund %s left pending for the upkeep: %s", refund_id, exc)
    async with unit_of_work() as uow:
        done = await uow.session.get(Refund, refund_id, populate_existing=True)
        assert done is not None
        return _view(done), before is None


async def resume_rider_refunds(
    unit_of_work: UnitOfWorkFactory, clock: Clock, provider: PaymentProvider
) -> tuple[int, int]:
    """The upkeep: finish refunds left pending by a crash, a lost commit or an outage."""
    return await resume_pending_refunds(unit_of_work, clock, provider, on_completed=mark_refunded)


async def list_refunds(
    session: AsyncSession, rider_id: str, *, before_id: str | None = None, limit: int = 20
) -> list[RefundView]:
    query = select(Refund).where(Refund.rider_id == rider_id)
    if before_id is not None:
        query = query.where(Refund.id < before_id)
    rows = await session.scalars(query.order_by(Refund.id.desc()).limit(limit))
    return [_view(r) for r in rows]
