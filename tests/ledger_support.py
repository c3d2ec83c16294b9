"""Shared helpers for the ledger and payments suites: a test 'order' handler and ledger snapshots."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import FixedClock
from ticketing.db.models.ledger import LedgerAccount, LedgerTicket, LedgerTransfer
from ticketing.service.ledger.balances import trial_balances
from ticketing.service.ledger.postings import SaleItem, record_sale, record_wallet_topup
from ticketing.service.payments import FailureOutcome, PaymentHandlers, PaymentView


def ticket_ids(payment_id: str) -> list[str]:
    return [f"{payment_id}-T1", f"{payment_id}-T2"]


async def order_handler(session: AsyncSession, view: PaymentView) -> None:
    """Stands in for the rider API: two single tickets splitting the amount."""
    assert view.succeeded_at is not None
    first = view.amount_minor // 2
    until = view.succeeded_at + timedelta(days=1)
    t1, t2 = ticket_ids(view.payment_id)
    items = [SaleItem(t1, first, "single", until), SaleItem(t2, view.amount_minor - first, "single", until)]
    await record_sale(session, FixedClock(view.succeeded_at), sale_id=view.payment_id,
                      provider=view.provider, currency=view.currency, items=items)


async def order_failed_handler(
    session: AsyncSession, view: PaymentView, outcome: FailureOutcome, code: str | None
) -> None:
    """Stands in for the rider API when a card is refused: nothing is booked."""


async def topup_handler(session: AsyncSession, view: PaymentView) -> None:
    assert view.succeeded_at is not None
    await record_wallet_topup(session, FixedClock(view.succeeded_at), topup_id=view.reference_id,
                              provider=view.provider, rider_id=f"rider-{view.reference_id}",
                              amount_minor=view.amount_minor, currency=view.currency)


async def movements(
    session: AsyncSession, payment_id: str, extra_refs: tuple[str, ...] = ()
) -> Counter[tuple[object, ...]]:
    """The payment's transfers as (code, debit, credit, amount), ids and times left out."""
    debit = sa.orm.aliased(LedgerAccount)
    credit = sa.orm.aliased(LedgerAccount)
    t = LedgerTransfer
    refs = [payment_id, *extra_refs]
    rows = (await session.execute(
        sa.select(t.code, debit.name, credit.name, t.amount_minor)
        .join(debit, debit.id == t.debit_account_id).join(credit, credit.id == t.credit_account_id)
        .where(sa.or_(t.reference.in_(refs), t.ticket_id.in_(ticket_ids(payment_id))))
    )).all()
    states = (await session.execute(
        sa.select(LedgerTicket.state, LedgerTicket.refunded_minor)
        .where(LedgerTicket.ticket_id.in_(ticket_ids(payment_id))).order_by(LedgerTicket.ticket_id)
    )).all()
    return Counter([tuple(r) for r in rows] + [("ticket", *s) for s in states])


async def assert_books_balance(session: AsyncSession) -> None:
    for tb in await trial_balances(session):
        assert tb.debits_minor == tb.credits_minor, tb


LEDGER_TEST_HANDLERS = PaymentHandlers(
    succeeded={"order": order_handler, "wallet_topup": topup_handler},
    failed={"order": order_failed_handler},
)
"""The payment handlers the ledger and payments suites pass in (the rider API's real ones book
tickets against a catalogue these suites do not set up)."""
