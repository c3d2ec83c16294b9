"""Cash at the counters: what each till should hold for a day, from the ledger.

Counter sales are booked to ``assets:cash:<counter>`` when the ticket is issued. The day's
report lists, per till and currency, the cash sales and cash refunds booked in the local day and
the till's balance at the end of it, so a supervisor counts the drawer against it.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import HANOI_TZ
from ticketing.db.models.ledger import LedgerAccount, LedgerTransfer
from ticketing.service.settlement.days import day_window

CASH_PREFIX = "assets:cash:"


async def _sum(session: AsyncSession, currency: str, *where: Any) -> tuple[int, int]:
    t = LedgerTransfer
    count, total = (await session.execute(sa.select(
        sa.func.count(), sa.func.coalesce(sa.func.sum(t.amount_minor), 0)).where(
        t.currency == currency, *where))).one()
    return int(count), int(total)


async def cash_day(
    session: AsyncSession, *, service_date: date, tz: ZoneInfo = HANOI_TZ
) -> list[dict[str, Any]]:
    start, end = day_window(service_date, tz)
    a, t = LedgerAccount, LedgerTransfer
    tills = (await session.execute(sa.select(a.id, a.name, a.currency).where(
        a.name.startswith(CASH_PREFIX, autoescape=True)).order_by(a.name, a.currency))).all()
    report = []
    for till, name, currency in tills:
        in_day = (t.created_at >= start, t.created_at < end)
        sales, sales_minor = await _sum(session, currency, t.debit_account_id == till, t.code == "sale",
                                        *in_day)
        refunds, refunds_minor = await _sum(session, currency, t.credit_account_id == till,
                                            t.code == "refund", *in_day)
        _, debits = await _sum(session, currency, t.debit_account_id == till, t.created_at < end)
        _, credits = await _sum(session, currency, t.credit_account_id == till, t.created_at < end)
        report.append({
            "counter": str(name).removeprefix(CASH_PREFIX), "account": name, "currency": currency,
            "sales": sales, "sales_minor": sales_minor, "refunds": refunds,
            "refunds_minor": refunds_minor, "balance_at_end_minor": debits - credits,
        })
    return report
