"""The posting rules of docs/decisions.md §8 as use cases other areas call. Each is idempotent by its id.

Amounts are int minor units; every transfer carries its currency. A sold ticket's price is split
over four buckets — unearned, recognised, refunded, broken — and the ``ledger_tickets`` row keeps
those sums beside the transfers that moved them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import Conflict, InvalidInput, NotFound, Rejected
from ticketing.db.models.ledger import LedgerAccount, LedgerRide, LedgerTicket, LedgerTransfer
from ticketing.ledger import chart
from ticketing.ledger.transfers import TransferSpec
from ticketing.service.ledger.balances import account_balance
from ticketing.service.ledger.sql import execute_count, table_of, upsert_insert
from ticketing.service.ledger.store import post_transfers

_tickets = table_of(LedgerTicket)
_rides = table_of(LedgerRide)


@dataclass(frozen=True)
class SaleItem:
    ticket_id: str
    amount_minor: int
    kind: Literal["single", "pass"]
    valid_until: datetime


def receipt_account(provider: str) -> str:
    """Where money received through ``provider`` sits: ``cash:<counter>`` or a PSP account."""
    if provider.startswith("cash:"):
        return chart.cash(provider.removeprefix("cash:"))
    return chart.psp(provider)


async def record_sale(
    session: AsyncSession, clock: Clock, *, sale_id: str, provider: str, currency: str,
    items: Sequence[SaleItem],
) -> None:
    """Sale paid: Dr receipt account / Cr unearned fares, one linked transfer per ticket."""
    if not items:
        raise InvalidInput("sale_empty", "a sale has at least one ticket")
    now = clock.now()
    async with session.begin_nested():
        for item in items:
            if item.valid_until.tzinfo is None:
                raise InvalidInput("naive_datetime", "valid_until must be timezone-aware")
            await session.execute(upsert_insert(session, _tickets).values(
                ticket_id=item.ticket_id, sale_id=sale_id, provider=provider, currency=currency,
                kind=item.kind, amount_minor=item.amount_minor, refunded_minor=0, recognised_minor=0,
                broken_minor=0, state="unearned", valid_until=item.valid_until, first_ride_id=None,
                sold_at=now,
            ).on_conflict_do_nothing(index_elements=["ticket_id"]))
            owner = await session.scalar(sa.select(_tickets.c.sale_id).where(
                _tickets.c.ticket_id == item.ticket_id))
            if owner != sale_id:
                raise Conflict("ticket_already_sold", f"ticket {item.ticket_id} belongs to sale {owner}")
        await post_transfers(session, clock, [
            TransferSpec(
                id=f"sale:{sale_id}:{item.ticket_id}", debit_account=receipt_account(provider),
                credit_account=chart.UNEARNED, amount_minor=item.amount_minor, currency=currency,
                code="sale", reference=sale_id, ticket_id=item.ticket_id,
            )
            for item in items
        ])


async def record_psp_fee(
    session: AsyncSession, clock: Clock, *, fee_id: str, provider: str, amount_minor: int, currency: str
) -> None:
    await post_transfers(session, clock, [TransferSpec(
        id=f"fee:{fee_id}", debit_account=chart.PSP_FEES, credit_account=chart.psp(provider),
        amount_minor=amount_minor, currency=currency, code="psp_fee", reference=fee_id,
    )])


async def _ticket(session: AsyncSession, ticket_id: str) -> sa.Row[Any] | None:
    row: sa.Row[Any] | None = (await session.execute(
        sa.select(_tickets).where(_tickets.c.ticket_id == ticket_id))).first()
    return row


async def _require_ticket(session: AsyncSession, ticket_id: str) -> sa.Row[Any]:
    row = await _ticket(session, ticket_id)
    if row is None:
        raise NotFound("ticket_not_sold", f"the ledger has no sale for ticket {ticket_id}")
    return row


def _remaining(row: sa.Row[Any]) -> int:
    r = row._mapping
    return int(r["amount_minor"] - r["refunded_minor"] - r["recognised_minor"] - r["broken_minor"])


async def record_ride(
    session: AsyncSession, clock: Clock, *, ride_id: str, ticket_id: str,
    kind: Literal["single", "pass"], operator_id: str, at: datetime,
) -> None:
    """A valid ride. A single's FIRST ride recognises what is left unearned of its price for that
    operator (Dr unearned / Cr operator); later rides move nothing. A pass ride is a usage record
    for apportionment at the end of the pass's period."""
    ticket = await _require_ticket(session, ticket_id)
    if ticket.kind != kind:
        raise Rejected("ticket_kind_mismatch", f"ticket {ticket_id} is a {ticket.kind}")
    chart.operator(operator_id)
    now = clock.now()
    async with session.begin_nested():
        added = await execute_count(session, upsert_insert(session, _rides).values(
            ride_id=ride_id, ticket_id=ticket_id, kind=kind, operator_id=operator_id, ridden_at=at,
            recognised_minor=0, booked_at=now,
        ).on_conflict_do_nothing(index_elements=["ride_id"]))
        if added == 0 or kind == "pass":
            return
        t = _tickets.c
        remaining = await session.scalar(sa.update(_tickets).where(
            t.ticket_id == ticket_id, t.first_ride_id.is_(None), t.state == "unearned",
        ).values(
            first_ride_id=ride_id, state="recognised",
            recognised_minor=t.amount_minor - t.refunded_minor - t.broken_minor,
        ).returning(t.recognised_minor))
        if not remaining:
            return
        await session.execute(sa.update(_rides).where(_rides.c.ride_id == ride_id).values(
            recognised_minor=remaining))
        await post_transfers(session, clock, [TransferSpec(
            id=f"ride:{ticket_id}", debit_account=chart.UNEARNED,
            credit_account=chart.operator(operator_id), amount_minor=remaining,
            currency=ticket.currency, code="ride", reference=ride_id, ticket_id=ticket_id,
            operator_id=operator_id,
        )])


async def record_refund(
    session: AsyncSession, clock: Clock, *, refund_id: str, provider: str, ticket_id: str,
    amount_minor: int, currency: str,
) -> None:
    """Refund: Dr unearned / Cr receipt account; never more than is paid and still unearned."""
    ticket = await _require_ticket(session, ticket_id)
    if ticket.currency != currency:
        raise InvalidInput("currency_mismatch", f"ticket {ticket_id} was sold in {ticket.currency}")
    async with session.begin_nested():
        posted = await post_transfers(session, clock, [TransferSpec(
            id=f"refund:{refund_id}", debit_account=chart.UNEARNED,
            credit_account=receipt_account(provider), amount_minor=amount_minor, currency=currency,
            code="refund", reference=refund_id, ticket_id=ticket_id,
        )])
        if posted[0].replayed:
            return
        await _take_unearned(session, ticket_id, amount_minor, "refunded_minor", "refunded")


async def _take_unearned(
    session: AsyncSession, ticket_id: str, amount_minor: int, bucket: str, full_state: str
) -> None:
    t = _tickets.c
    column = t[bucket]
    left = t.amount_minor - t.refunded_minor - t.recognised_minor - t.broken_minor
    moved = await execute_count(session, sa.update(_tickets).where(
        t.ticket_id == ticket_id, left >= amount_minor,
    ).values({bucket: column + amount_minor}))
    if moved == 0:
        raise Rejected("refund_exceeds_paid",
                       f"ticket {ticket_id} has less than {amount_minor} paid and not yet used or refunded")
    await session.execute(sa.update(_tickets).where(
        t.ticket_id == ticket_id, column == t.amount_minor).values(state=full_state))


async def record_breakage(session: AsyncSession, clock: Clock, *, ticket_id: str, at: datetime) -> None:
    """An unused single past its validity: Dr unearned / Cr breakage. A pass goes through
    apportionment (breakage only when it was never ridden)."""
    ticket = await _require_ticket(session, ticket_id)
    if at < ticket.valid_until:
        raise Rejected("ticket_still_valid", f"ticket {ticket_id} is valid until {ticket.valid_until}")
    if ticket.kind == "pass":
        from ticketing.service.ledger.passes import apportion_pass

        await apportion_pass(session, clock, ticket_id=ticket_id, at=at)
        return
    if ticket.state == "broken":
        return
    if ticket.first_ride_id is not None or ticket.state == "recognised":
        raise Rejected("ticket_used", f"ticket {ticket_id} was ridden")
    remaining = _remaining(ticket)
    if remaining <= 0:
        return
    async with session.begin_nested():
        posted = await post_transfers(session, clock, [TransferSpec(
            id=f"breakage:{ticket_id}", debit_account=chart.UNEARNED, credit_account=chart.BREAKAGE,
            amount_minor=remaining, currency=ticket.currency, code="breakage", ticket_id=ticket_id,
        )])
        if not posted[0].replayed:
            t = _tickets.c
            await session.execute(sa.update(_tickets).where(t.ticket_id == ticket_id).values(
                broken_minor=t.broken_minor + remaining, state="broken"))


async def record_wallet_topup(
    session: AsyncSession, clock: Clock, *, topup_id: str, provider: str, rider_id: str,
    amount_minor: int, currency: str,
) -> None:
    await post_transfers(session, clock, [TransferSpec(
        id=f"topup:{topup_id}", debit_account=receipt_account(provider),
        credit_account=chart.rider_wallet(rider_id), amount_minor=amount_minor, currency=currency,
        code="wallet_topup", reference=topup_id,
    )])


async def record_wallet_charge(
    session: AsyncSession, clock: Clock, *, charge_id: str, rider_id: str, operator_id: str,
    amount_minor: int, currency: str,
) -> None:
    """A fare paid from the wallet: Dr rider wallet / Cr operator. The wallet never goes below 0."""
    try:
        await post_transfers(session, clock, [TransferSpec(
            id=f"wallet_charge:{charge_id}", debit_account=chart.rider_wallet(rider_id),
            credit_account=chart.operator(operator_id), amount_minor=amount_minor, currency=currency,
            code="wallet_charge", reference=charge_id, operator_id=operator_id,
        )])
    except Rejected as exc:
        if exc.code == "exceeds_floor":
            raise Rejected("insufficient_funds", "the wallet balance is too low") from None
        raise


async def wallet_balance(session: AsyncSession, *, rider_id: str, currency: str) -> int:
    return await account_balance(session, chart.rider_wallet(rider_id), currency)


async def record_wallet_refund(
    session: AsyncSession, clock: Clock, *, refund_id: str, provider: str, topup_ids: Sequence[str],
    amount_minor: int, currency: str,
) -> None:
    """A top-up paid back: Dr the rider's wallet / Cr receipt account (the wallet floor holds)."""
    wallet = await session.scalar(
        sa.select(LedgerAccount.name)
        .join(LedgerTransfer, LedgerTransfer.credit_account_id == LedgerAccount.id)
        .where(LedgerTransfer.code == "wallet_topup", LedgerTransfer.reference.in_(list(topup_ids)))
    )
    if wallet is None:
        raise NotFound("topup_not_recorded", "the ledger has no top-up for this payment")
    try:
        await post_transfers(session, clock, [TransferSpec(
            id=f"refund:{refund_id}", debit_account=wallet, credit_account=receipt_account(provider),
            amount_minor=amount_minor, currency=currency, code="refund", reference=refund_id,
        )])
    except Rejected as exc:
        if exc.code == "exceeds_floor":
            raise Rejected("insufficient_funds", "the wallet no longer holds that much") from None
        raise
