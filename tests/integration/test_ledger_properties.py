"""Ledger invariants on the real databases after any sequence of business operations:
debits equal credits per currency, rider wallets never go negative, refunds never exceed what
was paid, and every sold ticket sits in exactly one consistent state."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import FixedClock
from ticketing.core.errors import DomainError
from ticketing.db.engine import make_engine
from ticketing.db.models.ledger import LedgerTicket, LedgerTransfer
from ticketing.service.ledger.balances import list_balances, trial_balances
from ticketing.service.ledger.postings import (
    SaleItem,
    record_breakage,
    record_refund,
    record_ride,
    record_sale,
    record_wallet_charge,
    record_wallet_topup,
)
from ticketing.service.settlement.reconciliation import reconcile_tickets

NOW = datetime(2025, 10, 14, 1, 0, tzinfo=UTC)
UNTIL = NOW + timedelta(hours=3)

op = st.one_of(
    st.tuples(st.just("sale"), st.integers(0, 5)),
    st.tuples(st.just("ride"), st.integers(0, 5), st.sampled_from(["HN_BUS", "HANOI_METRO"])),
    st.tuples(st.just("refund"), st.integers(0, 5), st.integers(0, 3), st.integers(1, 7000)),
    st.tuples(st.just("break"), st.integers(0, 5)),
    st.tuples(st.just("topup"), st.integers(0, 2), st.integers(0, 3), st.integers(1, 20000)),
    st.tuples(st.just("charge"), st.integers(0, 2), st.integers(0, 5), st.integers(1, 20000)),
)


async def _run(url: str, ops: list[tuple[object, ...]]) -> None:
    engine = make_engine(url)
    clock = FixedClock(NOW)
    try:
        async with engine.connect() as conn:
            outer = await conn.begin()
            session = AsyncSession(
                bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint"
            )
            try:
                for item in ops:
                    # a refused operation must leave no trace; the invariants below check it
                    with contextlib.suppress(DomainError):
                        await _apply(session, clock, item)
                await _check(session)
            finally:
                await session.close()
                await outer.rollback()
    finally:
        await engine.dispose()


async def _apply(session: AsyncSession, clock: FixedClock, item: tuple[object, ...]) -> None:
    kind = item[0]
    if kind == "sale":
        k = int(str(item[1]))
        amount = 3000 * (k + 1)
        kind_of = "pass" if k == 5 else "single"
        await record_sale(
            session,
            clock,
            sale_id=f"S{k}",
            provider="stripe",
            currency="VND",
            items=[SaleItem(f"T{k}", amount, kind_of, UNTIL)],
        )  # type: ignore[arg-type]
    elif kind == "ride":
        k = int(str(item[1]))
        await record_ride(
            session,
            clock,
            ride_id=f"R{k}-{item[2]}",
            ticket_id=f"T{k}",
            kind="pass" if k == 5 else "single",
            operator_id=str(item[2]),
            at=NOW,
        )
    elif kind == "refund":
        await record_refund(
            session,
            clock,
            refund_id=f"F{item[1]}-{item[2]}",
            provider="stripe",
            ticket_id=f"T{item[1]}",
            amount_minor=int(str(item[3])),
            currency="VND",
        )
    elif kind == "break":
        await record_breakage(session, clock, ticket_id=f"T{item[1]}", at=UNTIL)
    elif kind == "topup":
        await record_wallet_topup(
            session,
            clock,
            topup_id=f"U{item[1]}-{item[2]}",
            provider="stripe",
            rider_id=f"r{item[1]}",
            amount_minor=int(str(item[3])),
            currency="VND",
        )
    else:
        await record_wallet_charge(
            session,
            clock,
            charge_id=f"C{item[1]}-{item[2]}",
            rider_id=f"r{item[1]}",
            operator_id="HN_BUS",
            amount_minor=int(str(item[3])),
            currency="VND",
        )


async def _check(session: AsyncSession) -> None:
    for tb in await trial_balances(session):
        assert tb.debits_minor == tb.credits_minor
    for wallet in await list_balances(session, prefix="liabilities:rider_wallets:"):
        assert wallet.balance_minor >= 0
    tickets = (await session.execute(sa.select(LedgerTicket))).scalars().all()
    for ticket in tickets:
        refunded = await session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(LedgerTransfer.amount_minor), 0)).where(
                LedgerTransfer.ticket_id == ticket.ticket_id, LedgerTransfer.code == "refund"
            )
        )
        assert refunded == ticket.refunded_minor <= ticket.amount_minor
    for report in await reconcile_tickets(session):
        assert report["ok"], report


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(op, max_size=25))
def test_any_sequence_keeps_the_invariants(db_url: str, ops: list[tuple[object, ...]]) -> None:
    asyncio.run(_run(db_url, ops))
