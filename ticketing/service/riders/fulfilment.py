"""Fulfil a paid order: issue its tickets and post the sale. Safe to run any number of times.

Ticket ids are derived from (order, line, seq), the ticket service is idempotent by ticket id,
and the ledger sale is posted under the order id (its transfer ids), so a replayed webhook, a
second sandbox confirmation or a crash between steps never issues or books twice.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import NotFound
from ticketing.db.models.orders import Order, OrderLine
from ticketing.service.ledger.postings import SaleItem, record_sale
from ticketing.service.tickets import IssuedTicket, IssuerKeyRing, issue_ticket
from ticketing.tickets.ids import ticket_id_for


def order_ticket_id(order_id: str, line_no: int, seq: int) -> str:
    return ticket_id_for(f"order:{order_id}:{line_no}", seq)


async def fulfil_order(
    session: AsyncSession,
    clock: Clock,
    keyring: IssuerKeyRing,
    *,
    order_id: str,
    provider: str,
) -> list[IssuedTicket]:
    """Issue the order's tickets and post the sale; returns the tickets in line order."""
    order = await session.get(Order, order_id, with_for_update=True)
    if order is None:
        raise NotFound("order_not_found", f"no order {order_id}")
    lines = list(
        await session.scalars(
            select(OrderLine).where(OrderLine.order_id == order_id).order_by(OrderLine.line_no)
        )
    )
    now = clock.now()
    issued: list[IssuedTicket] = []
    sale: list[SaleItem] = []
    for line in lines:
        for seq in range(line.quantity):
            ticket = await issue_ticket(
                session,
                clock,
                keyring,
                ticket_id=order_ticket_id(order_id, line.line_no, seq),
                fare_product_id=line.fare_product_id,
                rider_category_id=line.rider_category_id,
                fare_media_id=line.fare_media_id,
                valid_from=None,
                holder_id=order.rider_id,
                order_id=order_id,
                device_key_id=line.device_key_id,
                actor=f"rider:{order.rider_id}",
                reason=f"order {order_id}",
            )
            issued.append(ticket)
            if line.unit_amount_minor > 0:  # the ledger books what the rider paid for the line
                sale.append(
                    SaleItem(
                        ticket_id=ticket.ticket_id,
                        amount_minor=line.unit_amount_minor,
                        kind="single" if ticket.kind == "single" else "pass",
                        valid_until=ticket.valid_until,
                    )
                )
    if sale:
        await record_sale(
            session, clock, sale_id=order_id, provider=provider, currency=order.currency, items=sale
        )
    if order.status != "paid":  # pending, or failed/expired and then paid on a retried card
        order.status = "paid"
        order.paid_at = now
        order.failure_code = None
        await session.flush()
    return issued
