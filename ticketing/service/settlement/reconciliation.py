"""Reconciliation: the provider's balance transactions against the ledger, and sold tickets
against the ledger balances.

Provider lines are grouped by the provider object they come from (charge, refund, payout,
dispute) and compared, by reference, with the net change those objects' transfers made to
``assets:psp:<provider>`` — whatever day the ledger booked them. Ledger transfers booked on the
day whose provider object has no balance transaction that day are reported as missing there.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.port import BalanceTransaction, PaymentProvider, ProviderError
from ticketing.core.errors import Unavailable
from ticketing.db.models.ledger import LedgerAccount, LedgerTicket, LedgerTransfer
from ticketing.db.models.payments import Payment, PaymentRefund
from ticketing.db.uow import UnitOfWorkFactory
from ticketing.ledger import chart
from ticketing.ledger.reconcile import match
from ticketing.service.settlement.cash import cash_day
from ticketing.service.settlement.days import day_window, day_zone


async def _psp_effect(session: AsyncSession, psp_id: int | None, refs: list[str]) -> int | None:
    """Net change (debits - credits) of the PSP account by transfers with these references."""
    if psp_id is None or not refs:
        return None
    t = LedgerTransfer
    rows = (await session.execute(sa.select(t.debit_account_id, t.credit_account_id, t.amount_minor).where(
        t.reference.in_(refs), t.flag.in_(["posted", "post_pending"]),
        sa.or_(t.debit_account_id == psp_id, t.credit_account_id == psp_id),
    ))).all()
    if not rows:
        return None
    return sum(int(a) if d == psp_id else -int(a) for d, _c, a in rows)


async def _refs_for(session: AsyncSession, provider: str, kind: str, source: str) -> list[str]:
    if kind == "charge":
        row = (await session.execute(sa.select(Payment.payment_id, Payment.reference_id).where(
            Payment.provider == provider, Payment.provider_charge_id == source))).first()
        return [row.payment_id, row.reference_id] if row else []
    if kind == "refund":
        refund_id = await session.scalar(sa.select(PaymentRefund.refund_id).where(
            PaymentRefund.provider_refund_id == source))
        return [refund_id] if refund_id else []
    return [source]


async def _key_for(session: AsyncSession, reference: str) -> str:
    charge = await session.scalar(sa.select(Payment.provider_charge_id).where(
        sa.or_(Payment.payment_id == reference, Payment.reference_id == reference)))
    if charge:
        return str(charge)
    refund = await session.scalar(sa.select(PaymentRefund.provider_refund_id).where(
        PaymentRefund.refund_id == reference))
    return str(refund) if refund else reference


async def provider_day(
    provider: PaymentProvider, *, service_date: date, zone: ZoneInfo
) -> list[BalanceTransaction]:
    """The provider's balance transactions of the local day (``zone``: the network's, from
    ``day_zone``); call with no transaction open."""
    start, end = day_window(service_date, zone)
    try:
        return await provider.list_balance_transactions(created_from=start, created_until=end)
    except ProviderError as exc:
        raise Unavailable("payment_provider_unavailable", exc.detail) from None


async def reconcile_provider(
    session: AsyncSession, provider: PaymentProvider, *, service_date: date, tz: ZoneInfo | None = None,
    transactions: list[BalanceTransaction] | None = None,
) -> dict[str, Any]:
    """``transactions``: fetched beforehand by :func:`provider_day` (else fetched here, inside
    the caller's transaction)."""
    zone = await day_zone(session, service_date, tz)
    start, end = day_window(service_date, zone)
    txns = transactions if transactions is not None else await provider_day(
        provider, service_date=service_date, zone=zone)
    theirs: dict[str, tuple[str, int]] = {}
    kinds: dict[str, str] = {}
    for txn in txns:
        kind, total = theirs.get(txn.source, (txn.type, 0))
        theirs[txn.source] = (kind, total + txn.net_minor)
        kinds.setdefault(txn.source, txn.type)
    psp_name = chart.psp(provider.name)
    psp_ids = (await session.execute(sa.select(LedgerAccount.id, LedgerAccount.currency).where(
        LedgerAccount.name == psp_name))).all()
    psp_id = psp_ids[0].id if psp_ids else None
    ours: dict[str, int] = {}
    for source, kind in kinds.items():
        effect = await _psp_effect(session, psp_id, await _refs_for(session, provider.name, kind, source))
        if effect is not None:
            ours[source] = effect
    if psp_id is not None:
        t = LedgerTransfer
        booked = (await session.execute(sa.select(t.reference).distinct().where(
            sa.or_(t.debit_account_id == psp_id, t.credit_account_id == psp_id),
            t.created_at >= start, t.created_at < end, t.reference.is_not(None),
        ))).scalars().all()
        for reference in booked:
            key = await _key_for(session, str(reference))
            if key not in theirs and key not in ours:
                ours[key] = await _psp_effect(session, psp_id, [str(reference)]) or 0
    lines = match(theirs, ours)
    counts: dict[str, int] = defaultdict(int)
    for line in lines:
        counts[line.status] += 1
    return {
        "provider": provider.name,
        "service_date": service_date.isoformat(),
        "summary": {s: counts.get(s, 0) for s in
                    ("matched", "missing_in_ledger", "missing_at_provider", "amount_mismatch")},
        "lines": [asdict(line) for line in lines],
    }


_STATE_CODES = {
    "recognised": ("ride", "pass_apportion"),
    "refunded": ("refund", "dispute_reversal"),
    "broken": ("breakage",),
}


async def reconcile_tickets(session: AsyncSession) -> list[dict[str, Any]]:
    """Per currency: every sold ticket's price split over unearned / recognised / refunded /
    broken, compared with the ledger; and each ticket in exactly one consistent state."""
    tk = LedgerTicket
    t = LedgerTransfer
    report = []
    currencies = (await session.execute(sa.select(tk.currency).distinct().order_by(tk.currency))).scalars()
    for currency in list(currencies):
        sums = (await session.execute(sa.select(
            sa.func.count(), sa.func.sum(tk.amount_minor), sa.func.sum(tk.recognised_minor),
            sa.func.sum(tk.refunded_minor), sa.func.sum(tk.broken_minor),
        ).where(tk.currency == currency))).one()
        count, sold, recognised, refunded, broken = (int(v or 0) for v in sums)
        unearned = sold - recognised - refunded - broken
        by_state = dict((await session.execute(sa.select(tk.state, sa.func.count()).where(
            tk.currency == currency).group_by(tk.state))).all())
        inconsistent = int(await session.scalar(sa.select(sa.func.count()).where(
            tk.currency == currency,
            sa.not_(sa.or_(
                sa.and_(tk.state == "refunded", tk.refunded_minor == tk.amount_minor),
                sa.and_(tk.state == "broken", tk.broken_minor > 0),
                sa.and_(tk.state == "recognised", tk.recognised_minor > 0),
                sa.and_(tk.state == "unearned", tk.recognised_minor == 0, tk.broken_minor == 0,
                        tk.refunded_minor < tk.amount_minor),
            )))) or 0)
        ledger: dict[str, int] = {}
        for bucket, codes in _STATE_CODES.items():
            ledger[bucket] = int(await session.scalar(sa.select(
                sa.func.coalesce(sa.func.sum(t.amount_minor), 0)).where(
                t.currency == currency, t.code.in_(codes), t.ticket_id.is_not(None))) or 0)
        unearned_account = await session.scalar(sa.select(LedgerAccount).where(
            LedgerAccount.name == chart.UNEARNED, LedgerAccount.currency == currency))
        ledger["unearned"] = (unearned_account.credits_posted - unearned_account.debits_posted
                              if unearned_account else 0)
        tickets = {"unearned": unearned, "recognised": recognised, "refunded": refunded, "broken": broken}
        report.append({
            "currency": currency,
            "tickets_sold": count,
            "tickets_by_state": {s: int(by_state.get(s, 0)) for s in tickets},
            "tickets_in_inconsistent_state": inconsistent,
            "buckets": [
                {"bucket": b, "tickets_minor": tickets[b], "ledger_minor": ledger[b],
                 "matched": tickets[b] == ledger[b]}
                for b in tickets
            ],
            "ok": inconsistent == 0 and sum(by_state.values()) == count
            and all(tickets[b] == ledger[b] for b in tickets),
        })
    return report


async def reconcile_day(
    session: AsyncSession, provider: PaymentProvider, *, service_date: date, tz: ZoneInfo | None = None,
    transactions: list[BalanceTransaction] | None = None,
) -> dict[str, Any]:
    return {
        "service_date": service_date.isoformat(),
        "provider": await reconcile_provider(session, provider, service_date=service_date, tz=tz,
                                             transactions=transactions),
        "tickets": await reconcile_tickets(session),
        "cash": await cash_day(session, service_date=service_date,
                               tz=await day_zone(session, service_date, tz)),
    }


async def reconcile_day_outside(
    unit_of_work: UnitOfWorkFactory, provider: PaymentProvider, *, service_date: date
) -> dict[str, Any]:
    """:func:`reconcile_day` with the provider's day fetched while no transaction is open."""
    async with unit_of_work() as uow:
        zone = await day_zone(uow.session, service_date, None)
    txns = await provider_day(provider, service_date=service_date, zone=zone)
    async with unit_of_work() as uow:
        return await reconcile_day(uow.session, provider, service_date=service_date, tz=zone,
                                   transactions=txns)
