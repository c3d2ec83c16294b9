"""A rider's tickets (the ticket service's tickets whose holder is the rider): list and detail.

Only the holder sees a ticket: another rider's ticket is NotFound, exactly like a missing one.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.errors import InvalidInput, NotFound
from ticketing.db.models.tickets import Ticket

# The ticket service's statuses (ticketing.db.models.tickets.TICKET_STATUSES).
STATUSES = ("issued", "active", "used", "expired", "refunded", "revoked")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class TicketView:
    ticket_id: str
    order_id: str | None
    code: str
    status: str
    kind: str
    fare_product_id: str
    rider_category_id: str
    fare_media_id: str | None
    amount_minor: int
    currency: str
    valid_from: datetime
    valid_until: datetime
    issued_at: datetime
    first_used_at: datetime | None
    device_bound: bool


def view_of(row: Ticket) -> TicketView:
    return TicketView(
        ticket_id=row.ticket_id,
        order_id=row.order_id,
        code=row.code,
        status=row.status,
        kind=row.kind,
        fare_product_id=row.fare_product_id,
        rider_category_id=row.rider_category_id,
        fare_media_id=row.fare_media_id,
        amount_minor=row.amount_minor,
        currency=row.currency,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        issued_at=row.issued_at,
        first_used_at=row.first_used_at,
        device_bound=row.device_key_id is not None,
    )


def encode_cursor(row: TicketView) -> str:
    micros = (row.issued_at - _EPOCH) // _MICRO
    return base64.urlsafe_b64encode(f"{micros}:{row.ticket_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        micros, _, ticket_id = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        at = _EPOCH + int(micros) * _MICRO
    except (ValueError, UnicodeDecodeError, OverflowError):
        raise InvalidInput("cursor_invalid", "the page cursor is not one this API returned") from None
    if not ticket_id or len(ticket_id) > 26:
        raise InvalidInput("cursor_invalid", "the page cursor is not one this API returned")
    return at, ticket_id


async def list_tickets(
    session: AsyncSession,
    rider_id: str,
    *,
    status: str | None = None,
    fare_product_id: str | None = None,
    order_id: str | None = None,
    kind: str | None = None,
    cursor: str | None = None,
    limit: int = 20,
) -> tuple[list[TicketView], str | None]:
    t = Ticket
    query = select(t).where(t.holder_id == rider_id)
    if status is not None:
        query = query.where(t.status == status)
    if kind is not None:
        query = query.where(t.kind == kind)
    if fare_product_id is not None:
        query = query.where(t.fare_product_id == fare_product_id)
    if order_id is not None:
        query = query.where(t.order_id == order_id)
    if cursor is not None:
        at, last_id = decode_cursor(cursor)
        query = query.where(or_(t.issued_at < at, and_(t.issued_at == at, t.ticket_id < last_id)))
    query = query.order_by(t.issued_at.desc(), t.ticket_id.desc()).limit(limit + 1)
    rows = [view_of(r) for r in await session.scalars(query)]
    page = rows[:limit]
    return page, encode_cursor(page[-1]) if len(rows) > limit else None


async def get_ticket_row(session: AsyncSession, rider_id: str, ticket_id: str) -> Ticket:
    row = await session.get(Ticket, ticket_id, populate_existing=True)
    if row is None or row.holder_id != rider_id:
        raise NotFound("ticket_not_found", f"no ticket {ticket_id}")
    return row


async def get_ticket(session: AsyncSession, rider_id: str, ticket_id: str) -> TicketView:
    return view_of(await get_ticket_row(session, rider_id, ticket_id))


async def order_ticket_ids(session: AsyncSession, order_id: str) -> list[str]:
    rows = await session.scalars(
        select(Ticket.ticket_id).where(Ticket.order_id == order_id).order_by(Ticket.ticket_id)
    )
    return list(rows)


async def held_passes(session: AsyncSession, rider_id: str) -> list[TicketView]:
    """The rider's passes that can still cover a journey (issued or active), for quotes."""
    rows = await session.scalars(
        select(Ticket)
        .where(Ticket.holder_id == rider_id, Ticket.kind == "pass", Ticket.status.in_(("issued", "active")))
        .order_by(Ticket.valid_from)
        .limit(20)
    )
    return [view_of(r) for r in rows]
