"""Ticket lifecycle after issue: issued → active → used / expired / refunded / revoked.

Every change is a ``ticket_events`` row with who and why. Refunds and revocations put the ticket
on the deny-list until its validity ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import NotFound, Rejected
from ticketing.db.models.tickets import Ticket, TicketEvent
from ticketing.service.tickets.activation import deny_until
from ticketing.service.tickets.denylist import deny
from ticketing.service.tickets.views import IssuedTicket, view

LIVE = ("issued", "active")
FINAL_DENIED = ("refunded", "revoked")


@dataclass(frozen=True, slots=True)
class TicketChange:
    at: datetime
    from_status: str | None
    to_status: str
    actor: str
    reason: str
    tap_id: str | None


async def _load(session: AsyncSession, ticket_id: str, *, lock: bool = False) -> Ticket:
    row = await session.get(Ticket, ticket_id, with_for_update=lock)
    if row is None:
        raise NotFound("ticket_not_found", f"no ticket {ticket_id!r}")
    return row


def _move(
    session: AsyncSession,
    row: Ticket,
    to: str,
    at: datetime,
    actor: str,
    reason: str,
    tap_id: str | None = None,
) -> None:
    session.add(
        TicketEvent(
            ticket_id=row.ticket_id,
            at=at,
            from_status=row.status,
            to_status=to,
            actor=actor[:120],
            reason=reason[:500],
            tap_id=tap_id,
        )
    )
    row.status = to
    row.status_changed_at = at


async def get_ticket(session: AsyncSession, ticket_id: str) -> IssuedTicket:
    return view(await _load(session, ticket_id))


async def ticket_history(session: AsyncSession, ticket_id: str) -> list[TicketChange]:
    await _load(session, ticket_id)
    rows = await session.scalars(
        select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)
    )
    return [TicketChange(r.at, r.from_status, r.to_status, r.actor, r.reason, r.tap_id) for r in rows]


async def revoke_ticket(
    session: AsyncSession, clock: Clock, *, ticket_id: str, reason: str, actor: str
) -> None:
    """Revoke (fraud, manual): status ``revoked`` and onto the deny-list. Idempotent."""
    if not reason.strip():
        raise Rejected("reason_required", "say why the ticket is revoked")
    row = await _load(session, ticket_id, lock=True)
    now = clock.now()
    if row.status not in FINAL_DENIED:
        _move(session, row, "revoked", now, actor, reason)
    await deny(session, clock, ticket_id=ticket_id, expires_at=deny_until(row), reason=reason, actor=actor)
    await session.flush()


async def refund_ticket(
    session: AsyncSession, clock: Clock, *, ticket_id: str, reason: str, actor: str
) -> IssuedTicket:
    """Refund an unused ticket: status ``refunded`` and onto the deny-list. Idempotent."""
    row = await _load(session, ticket_id, lock=True)
    if row.status == "refunded":
        return view(row)
    if row.status not in LIVE or (row.kind == "single" and row.first_used_at is not None):
        raise Rejected("ticket_not_refundable", f"a {row.status} ticket cannot be refunded")
    now = clock.now()
    _move(session, row, "refunded", now, actor, reason)
    await deny(
        session,
        clock,
        ticket_id=ticket_id,
        expires_at=deny_until(row),
        reason=f"refund: {reason}",
        actor=actor,
    )
    await session.flush()
    return view(row)


async def mark_used(
    session: AsyncSession, clock: Clock, *, ticket_id: str, at: datetime, tap_id: str
) -> bool:
    """Record an accepted tap. True exactly once: on the first use of a live ticket.

    A single becomes ``used``; an activation pass becomes ``active`` (its period starts at ``at``).
    Taps arriving out of order move the recorded first use earlier but return False. Taps of
    refunded or revoked tickets are recorded in the history and return False.
    """
    row = await _load(session, ticket_id, lock=True)
    if row.first_used_at is not None:
        if at < row.first_used_at:
            row.first_used_at, row.first_tap_id = at, tap_id
            await session.flush()
        return False
    row.first_used_at, row.first_tap_id = at, tap_id
    if row.status not in LIVE:
        session.add(
            TicketEvent(
                ticket_id=ticket_id,
                at=clock.now(),
                from_status=row.status,
                to_status=row.status,
                actor="system:taps",
                reason="tap after end of life",
                tap_id=tap_id,
            )
        )
        await session.flush()
        return False
    if row.kind == "single":
        _move(session, row, "used", at, "system:taps", "first ride", tap_id)
    elif row.status == "issued":
        _move(session, row, "active", at, "system:taps", "activated by first use", tap_id)
        if row.activation_days is not None:
            row.valid_until = min(row.valid_until, at + timedelta(days=row.activation_days))
    else:
        session.add(
            TicketEvent(
                ticket_id=ticket_id,
                at=at,
                from_status=row.status,
                to_status=row.status,
                actor="system:taps",
                reason="first ride",
                tap_id=tap_id,
            )
        )
    await session.flush()
    return True


async def expire_tickets(session: AsyncSession, clock: Clock, *, limit: int = 1000) -> list[str]:
    """Move live tickets whose validity ended to ``expired``; returns their ids (one batch)."""
    now = clock.now()
    rows = list(
        await session.scalars(
            select(Ticket)
            .where(Ticket.status.in_(LIVE), Ticket.valid_until <= now)
            .order_by(Ticket.valid_until)
            .limit(limit)
            .with_for_update()
        )
    )
    for row in rows:
        _move(session, row, "expired", now, "system:expiry", "validity ended")
    await session.flush()
    return [row.ticket_id for row in rows]
