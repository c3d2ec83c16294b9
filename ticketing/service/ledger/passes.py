"""Pass revenue: at the end of its period a pass's unearned amount is apportioned to operators
by ridership (Dr unearned / Cr operator); a pass never ridden goes to breakage."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import NotFound, Rejected
from ticketing.db.models.ledger import LedgerRide, LedgerTicket
from ticketing.db.statements import table_of
from ticketing.ledger import chart
from ticketing.ledger.apportion import apportion
from ticketing.ledger.transfers import TransferSpec
from ticketing.service.ledger.store import post_transfers

_tickets = table_of(LedgerTicket)
_rides = table_of(LedgerRide)


async def apportion_pass(session: AsyncSession, clock: Clock, *, ticket_id: str, at: datetime) -> None:
    """Idempotent: the transfers are named by the ticket, and a settled pass has nothing left."""
    t = _tickets.c
    ticket = (await session.execute(sa.select(_tickets).where(t.ticket_id == ticket_id))).first()
    if ticket is None:
        raise NotFound("ticket_not_sold", f"the ledger has no sale for ticket {ticket_id}")
    if ticket.kind != "pass":
        raise Rejected("ticket_kind_mismatch", f"ticket {ticket_id} is a {ticket.kind}")
    if at < ticket.valid_until:
        raise Rejected("ticket_still_valid", f"pass {ticket_id} is valid until {ticket.valid_until}")
    used = ticket.refunded_minor + ticket.recognised_minor + ticket.broken_minor
    remaining = int(ticket.amount_minor - used)
    if remaining <= 0:
        return
    rows = (await session.execute(
        sa.select(_rides.c.operator_id, sa.func.count())
        .where(_rides.c.ticket_id == ticket_id, _rides.c.ridden_at <= ticket.valid_until)
        .group_by(_rides.c.operator_id)
    )).all()
    counts: dict[str, int] = {str(op): int(n) for op, n in rows}
    async with session.begin_nested():
        if not counts:
            await post_transfers(session, clock, [TransferSpec(
                id=f"breakage:{ticket_id}", debit_account=chart.UNEARNED, credit_account=chart.BREAKAGE,
                amount_minor=remaining, currency=ticket.currency, code="breakage", ticket_id=ticket_id,
            )])
            await session.execute(sa.update(_tickets).where(t.ticket_id == ticket_id).values(
                broken_minor=t.broken_minor + remaining, state="broken"))
            return
        shares = apportion(remaining, {op: int(n) for op, n in counts.items()})
        await post_transfers(session, clock, [
            TransferSpec(
                id=f"apportion:{ticket_id}:{op}", debit_account=chart.UNEARNED,
                credit_account=chart.operator(op), amount_minor=share, currency=ticket.currency,
                code="pass_apportion", ticket_id=ticket_id, operator_id=op, reference=ticket_id,
            )
            for op, share in sorted(shares.items()) if share > 0
        ])
        await session.execute(sa.update(_tickets).where(t.ticket_id == ticket_id).values(
            recognised_minor=t.recognised_minor + remaining, state="recognised"))


async def close_expired(session: AsyncSession, clock: Clock, *, until: datetime, limit: int = 10_000) -> int:
    """Breakage for unused singles and apportionment for passes whose validity ended by ``until``.
    Returns how many tickets were closed."""
    from ticketing.service.ledger.postings import record_breakage

    t = _tickets.c
    due = (await session.execute(
        sa.select(t.ticket_id).where(
            t.valid_until <= until, t.state == "unearned",
            t.amount_minor > t.refunded_minor + t.recognised_minor + t.broken_minor,
        ).order_by(t.valid_until, t.ticket_id).limit(limit)
    )).scalars().all()
    for ticket_id in due:
        await record_breakage(session, clock, ticket_id=ticket_id, at=until)
    return len(due)
