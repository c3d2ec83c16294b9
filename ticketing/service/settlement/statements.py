"""The daily settlement run per operator: a statement and the transfers that settle it.

A day is settled by what was *booked* in it (transfer ``created_at`` in the local day), so a ride
synced late lands in the statement of the day it reached the ledger, never in a day already
settled. Statements are stored; re-running a day returns them unchanged and posts nothing new.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import NotFound, Rejected
from ticketing.db.models.ledger import LedgerAccount, LedgerRide, LedgerTransfer, SettlementStatement
from ticketing.ledger import chart
from ticketing.ledger.statement import FARE_CODES, PASS_CODES, StatementLine, build_statement
from ticketing.ledger.transfers import TransferSpec
from ticketing.service.ledger.passes import close_expired
from ticketing.service.ledger.sql import execute_count, table_of, upsert_insert
from ticketing.service.ledger.store import post_transfers
from ticketing.service.settlement.days import day_window, day_zone

DEFAULT_CLEARING_FEE_BPS = 100  # 1 % of gross, the clearing house's fee
_statements = table_of(SettlementStatement)


@dataclass(frozen=True, slots=True)
class StatementView:
    operator_id: str
    service_date: date
    currency: str
    net_owed_minor: int
    content_hash: str
    document: dict[str, Any]
    csv_text: str

    @classmethod
    def of(cls, row: SettlementStatement) -> StatementView:
        return cls(row.operator_id, row.service_date, row.currency, row.net_owed_minor, row.content_hash,
                   json.loads(row.content_json), row.content_csv)


async def _operators(
    session: AsyncSession, operator_id: str | None, start: datetime, end: datetime
) -> list[tuple[str, str]]:
    """(operator, currency) pairs to settle: the one asked for, or every operator whose account
    moved during the day."""
    prefix = "liabilities:operator:"
    a, t = LedgerAccount, LedgerTransfer
    if operator_id is not None:
        stmt = sa.select(a.name, a.currency).where(a.name == chart.operator(operator_id))
    else:
        moved = sa.select(t.id).where(
            sa.or_(t.credit_account_id == a.id, t.debit_account_id == a.id),
            t.created_at >= start, t.created_at < end,
        ).exists()
        stmt = sa.select(a.name, a.currency).where(a.name.startswith(prefix, autoescape=True), moved)
    rows = (await session.execute(stmt.order_by(a.name, a.currency))).all()
    return [(str(name)[len(prefix):], str(currency)) for name, currency in rows]


async def settle_day(
    session: AsyncSession, clock: Clock, *, service_date: date, operator_id: str | None = None,
    tz: ZoneInfo | None = None, clearing_fee_bps: int = DEFAULT_CLEARING_FEE_BPS,
) -> list[StatementView]:
    start, end = day_window(service_date, await day_zone(session, service_date, tz))
    if clock.now() < end:
        raise Rejected("settlement_day_open", f"{service_date} has not ended yet")
    await close_expired(session, clock, until=end)
    views = []
    for op, currency in await _operators(session, operator_id, start, end):
        views.append(await _settle_one(session, clock, op, currency, service_date, start, end,
                                       clearing_fee_bps))
    return views


async def _settle_one(
    session: AsyncSession, clock: Clock, operator_id: str, currency: str, service_date: date,
    start: Any, end: Any, clearing_fee_bps: int,
) -> StatementView:
    existing = await session.get(SettlementStatement, (operator_id, service_date, currency))
    if existing is not None:
        return StatementView.of(existing)
    account = chart.operator(operator_id)
    account_id = await session.scalar(sa.select(LedgerAccount.id).where(
        LedgerAccount.name == account, LedgerAccount.currency == currency))
    t = LedgerTransfer
    rows = (await session.execute(sa.select(t.id, t.code, t.ticket_id, t.reference, t.amount_minor).where(
        t.credit_account_id == account_id, t.code.in_(FARE_CODES + PASS_CODES),
        t.created_at >= start, t.created_at < end,
    ))).all()
    lines = [StatementLine(r.id, r.code, r.ticket_id, r.reference, int(r.amount_minor)) for r in rows]
    rides = int(await session.scalar(sa.select(sa.func.count()).select_from(LedgerRide).where(
        LedgerRide.operator_id == operator_id, LedgerRide.booked_at >= start, LedgerRide.booked_at < end,
    )) or 0)
    base = f"settle:{operator_id}:{service_date.isoformat()}:{currency}"
    draft = build_statement(operator_id=operator_id, service_date=service_date, currency=currency,
                            rides=rides, lines=lines, clearing_fee_bps=clearing_fee_bps,
                            settlement_transfer_ids=[])
    fee = int(draft.document["clearing_fee_minor"])
    group = []
    if draft.net_owed_minor > 0:
        group.append(TransferSpec(id=f"{base}:net", debit_account=account, credit_account=chart.BANK,
                                  amount_minor=draft.net_owed_minor, currency=currency, code="settlement",
                                  operator_id=operator_id, reference=base))
    if fee > 0:
        group.append(TransferSpec(id=f"{base}:fee", debit_account=account,
                                  credit_account=chart.CLEARING_FEES, amount_minor=fee, currency=currency,
                                  code="clearing_fee", operator_id=operator_id, reference=base))
    statement = build_statement(operator_id=operator_id, service_date=service_date, currency=currency,
                                rides=rides, lines=lines, clearing_fee_bps=clearing_fee_bps,
                                settlement_transfer_ids=[g.id for g in group])
    async with session.begin_nested():
        added = await execute_count(session, upsert_insert(session, _statements).values(
            operator_id=operator_id, service_date=service_date, currency=currency,
            net_owed_minor=statement.net_owed_minor,
            content_json=json.dumps(statement.document, ensure_ascii=False),
            content_csv=statement.csv_text, content_hash=statement.content_hash, created_at=clock.now(),
        ).on_conflict_do_nothing(index_elements=["operator_id", "service_date", "currency"]))
        if added and group:
            await post_transfers(session, clock, group)
    stored = await session.get(SettlementStatement, (operator_id, service_date, currency),
                               populate_existing=True)
    assert stored is not None
    return StatementView.of(stored)


async def list_statements(
    session: AsyncSession, *, operator_id: str | None = None, service_date: date | None = None,
    limit: int = 100, offset: int = 0,
) -> list[StatementView]:
    s = SettlementStatement
    stmt = sa.select(s).order_by(s.service_date.desc(), s.operator_id, s.currency)
    if operator_id is not None:
        stmt = stmt.where(SettlementStatement.operator_id == operator_id)
    if service_date is not None:
        stmt = stmt.where(SettlementStatement.service_date == service_date)
    return [StatementView.of(r) for r in await session.scalars(stmt.limit(limit).offset(offset))]


async def get_statement(
    session: AsyncSession, *, operator_id: str, service_date: date, currency: str
) -> StatementView:
    row = await session.get(SettlementStatement, (operator_id, service_date, currency))
    if row is None:
        raise NotFound("statement_not_found", f"no statement for {operator_id} on {service_date}")
    return StatementView.of(row)
