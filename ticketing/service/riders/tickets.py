"""A rider's tickets: list with filters and keyset pages, detail. Only the holder sees them."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from ticketing.core.errors import InvalidInput, NotFound
from ticketing.db.models.orders import RiderTicket

STATUSES = ("active", "expired", "refunded")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class TicketView:
    ticket_id: str
    order_id: str
    code: str
    status: str
    fare_product_id: str
    fare_product_name: str
    rider_category_id: str
    fare_media_id: str
    amount_minor: int
    currency: str
    valid_from: datetime
    valid_until: datetime | None
    issued_at: datetime


def status_of(row: RiderTicket, now: datetime) -> str:
    if row.refunded_at is not None:
        return "refunded"
    if row.valid_until is not None and row.valid_until <= now:
        return "expired"
    return "active"


def view_of(row: RiderTicket, now: datetime) -> TicketView:
    return TicketView(
        row.ticket_id,
        row.order_id,
        row.code,
        status_of(row, now),
        row.fare_product_id,
        row.fare_product_name,
        row.rider_category_id,
        row.fare_media_id,
        row.amount_minor,
        row.currency,
        row.valid_from,
        row.valid_until,
        row.issued_at,
    )


def _status_clause(status: str, now: datetime) -> ColumnElement[bool]:
    t = RiderTicket
    if status == "refunded":
        return t.refunded_at.is_not(None)
    if status == "expired":
        return and_(t.refunded_at.is_(None), t.valid_until.is_not(None), t.valid_until <= now)
    return and_(t.refunded_at.is_(None), or_(t.valid_until.is_(None), t.valid_until > now))


def encode_cursor(row: TicketView) -> str:
    micros = (row.issued_at - _EPOCH) // _MICRO
    return base64.urlsafe_b64encode(f"{micros}:{row.ticket_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        micros, _, ticket_id = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        at = _EPOCH + int(micros) * _MICRO
    except (ValueError, UnicodeDecodeError, OverflowError, OSError):
        raise InvalidInput("cursor_invalid", "the page cursor is not one this API returned") from None
    if not ticket_id or len(ticket_id) > 26:
        raise InvalidInput("cursor_invalid", "the page cursor is not one this API returned")
    return at, ticket_id


async def list_tickets(
    session: AsyncSession,
    now: datetime,
    rider_id: str,
    *,
    status: str | None = None,
    fare_product_id: str | None = None,
    order_id: str | None = None,
    cursor: str | None = None,
    limit: int = 20,
) -> tuple[list[TicketView], str | None]:
    t = RiderTicket
    query = select(t).where(t.rider_id == rider_id)
    if status is not None:
        query = query.where(_status_clause(status, now))
    if fare_product_id is not None:
        query = query.where(t.fare_product_id == fare_product_id)
    if order_id is not None:
        query = query.where(t.order_id == order_id)
    if cursor is not None:
        at, last_id = decode_cursor(cursor)
        query = query.where(or_(t.issued_at < at, and_(t.issued_at == at, t.ticket_id < last_id)))
    query = query.order_by(t.issued_at.desc(), t.ticket_id.desc()).limit(limit + 1)
    rows = [view_of(r, now) for r in await session.scalars(query)]
    page = rows[:limit]
    return page, encode_cursor(page[-1]) if len(rows) > limit else None


async def get_ticket_row(session: AsyncSession, rider_id: str, ticket_id: str) -> RiderTicket:
    """The rider's ticket; someone else's is NotFound, exactly like a missing one."""
    row = await session.get(RiderTicket, ticket_id)
    if row is None or row.rider_id != rider_id:
        raise NotFound("ticket_not_found", f"no ticket {ticket_id}")
    return row


async def get_ticket(session: AsyncSession, now: datetime, rider_id: str, ticket_id: str) -> TicketView:
    return view_of(await get_ticket_row(session, rider_id, ticket_id), now)
