"""Dashboard figures for one operator (or the whole network): today and the last 30 days.

Sales are tickets issued (by product and fare medium); rides and revenue owed come from the
ledger (what the operator is credited for fares and apportioned passes, as in its statements);
refunds are ledger refund transfers; taps are the readers' taps by local quarter hour.
Figures are grouped by the network's local day in Python so SQLite and PostgreSQL agree.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import NotFound
from ticketing.db.models.ledger import LedgerAccount, LedgerRide, LedgerTransfer
from ticketing.db.models.taps import Tap
from ticketing.db.models.tickets import Ticket
from ticketing.ledger import chart
from ticketing.ledger.statement import FARE_CODES, PASS_CODES
from ticketing.service.fare_catalog import feed_in_force
from ticketing.service.network_zone import network_zone
from ticketing.service.settlement.days import day_window

DAYS = 30
QUARTERS_PER_DAY = 96


@dataclass(frozen=True, slots=True)
class DayFigures:
    day: date
    sales_count: int
    sales_minor: int
    rides: int
    owed_minor: int
    refunds_minor: int


@dataclass(frozen=True, slots=True)
class SalesLine:
    fare_product_id: str
    fare_media_id: str
    count: int
    amount_minor: int


@dataclass(slots=True)
class Dashboard:
    operator_id: str | None
    today: date
    days: list[DayFigures]
    sales_today: list[SalesLine]
    sales_30d: list[SalesLine]
    taps_per_quarter: list[int] = field(default_factory=lambda: [0] * QUARTERS_PER_DAY)

    @property
    def today_figures(self) -> DayFigures:
        return self.days[-1]


async def _operator_products(session: AsyncSession, clock: Clock, operator_id: str) -> set[str]:
    try:
        feed = await feed_in_force(session, clock.now())
    except NotFound:
        return set()
    return {p for p in feed.products if operator_id in feed.operators_of_product(p)}


async def build_dashboard(session: AsyncSession, clock: Clock, *, operator_id: str | None) -> Dashboard:
    """``operator_id`` None: the whole network (admin, auditor). Days are the network's (the
    zone of the fare feed in force, as for settlement)."""
    tz = await network_zone(session, clock.now())

    def _local_day(at: datetime) -> date:
        return at.astimezone(tz).date()

    today = _local_day(clock.now())
    first = today - timedelta(days=DAYS - 1)
    start, _ = day_window(first, tz)
    today_start, end = day_window(today, tz)
    products = await _operator_products(session, clock, operator_id) if operator_id else None

    t = Ticket
    sales_q = sa.select(t.issued_at, t.fare_product_id, t.fare_media_id, t.amount_minor).where(
        t.issued_at >= start, t.issued_at < end)
    if products is not None:
        sales_q = sales_q.where(t.fare_product_id.in_(sorted(products) or [""]))
    sales = (await session.execute(sales_q)).all()

    r = LedgerRide
    rides_q = sa.select(r.booked_at).where(r.booked_at >= start, r.booked_at < end)
    if operator_id:
        rides_q = rides_q.where(r.operator_id == operator_id)
    rides = [row.booked_at for row in (await session.execute(rides_q)).all()]

    a, x = LedgerAccount, LedgerTransfer
    owed_q = sa.select(x.created_at, x.amount_minor).join(a, a.id == x.credit_account_id).where(
        x.code.in_(FARE_CODES + PASS_CODES), x.created_at >= start, x.created_at < end)
    owed_q = owed_q.where(a.name == chart.operator(operator_id)) if operator_id else owed_q.where(
        a.name.startswith("liabilities:operator:", autoescape=True))
    owed = (await session.execute(owed_q)).all()

    refunds_q = sa.select(x.created_at, x.amount_minor).where(
        x.code == "refund", x.created_at >= start, x.created_at < end)
    if products is not None:
        refunds_q = refunds_q.join(t, t.ticket_id == x.ticket_id).where(
            t.fare_product_id.in_(sorted(products) or [""]))
    refunds = (await session.execute(refunds_q)).all()

    taps_q = sa.select(Tap.scanned_at).where(Tap.scanned_at >= today_start, Tap.scanned_at < end)
    if operator_id:
        taps_q = taps_q.where(Tap.operator_id == operator_id)
    taps = [row.scanned_at for row in (await session.execute(taps_q)).all()]

    per_day: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    by_line_today: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    by_line_30d: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for issued_at, product, media, amount in sales:
        day = _local_day(issued_at)
        per_day[day][0] += 1
        per_day[day][1] += int(amount)
        key = (product, media or "-")
        for bucket in ([by_line_30d[key], by_line_today[key]] if day == today else [by_line_30d[key]]):
            bucket[0] += 1
            bucket[1] += int(amount)
    for booked_at in rides:
        per_day[_local_day(booked_at)][2] += 1
    for created_at, amount in owed:
        per_day[_local_day(created_at)][3] += int(amount)
    for created_at, amount in refunds:
        per_day[_local_day(created_at)][4] += int(amount)
    quarters = Counter(
        (local.hour * 60 + local.minute) // 15 for local in (s.astimezone(tz) for s in taps))

    days = [
        DayFigures(d, *per_day[d]) if d in per_day else DayFigures(d, 0, 0, 0, 0, 0)
        for d in (first + timedelta(days=i) for i in range(DAYS))
    ]

    def lines(source: dict[tuple[str, str], list[int]]) -> list[SalesLine]:
        return [SalesLine(p, m, c, s) for (p, m), (c, s) in sorted(source.items())]

    return Dashboard(operator_id, today, days, lines(by_line_today), lines(by_line_30d),
                     [quarters.get(q, 0) for q in range(QUARTERS_PER_DAY)])
