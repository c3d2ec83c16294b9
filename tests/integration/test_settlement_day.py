"""A day with sales, rides, a refund, a lost dispute and a payout: settlement and reconciliation
on both databases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from gateway.sandbox import SandboxProvider
from tests.ledger_support import LEDGER_TEST_HANDLERS, assert_books_balance, ticket_ids
from tests.stripe_support import TEST_WEBHOOK_SECRET, event, signed
from ticketing.core.clock import FixedClock
from ticketing.core.errors import Rejected
from ticketing.db.models.ledger import LedgerTransfer
from ticketing.runtime import Runtime
from ticketing.service.ledger.balances import account_balance
from ticketing.service.ledger.postings import SaleItem, record_ride, record_sale
from ticketing.service.payments import (
    create_payment,
    handle_webhook,
    refund_payment,
)
from ticketing.service.payments.payments import confirm_sandbox_payment
from ticketing.service.settlement.reconciliation import reconcile_day
from ticketing.service.settlement.statements import list_statements, settle_day

DAY = date(2025, 10, 14)



async def _paid(runtime: Runtime, provider: SandboxProvider, payment_id: str, amount: int) -> str:
    async with runtime.unit_of_work() as uow:
        view = await create_payment(uow.session, runtime.clock, provider, payment_id=payment_id,
                                    purpose="order", reference_id=f"ORD-{payment_id}", amount_minor=amount,
                                    currency="VND", description="vé",
                                    handlers=LEDGER_TEST_HANDLERS)
        await confirm_sandbox_payment(uow.session, runtime.clock, provider, payment_id=payment_id,
        handlers=LEDGER_TEST_HANDLERS)
    assert view.provider_payment_id is not None
    return view.provider_payment_id


async def _deliver(runtime: Runtime, provider: SandboxProvider, payload: dict[str, object]) -> None:
    body, header = signed(payload)
    outcome = await handle_webhook(runtime.unit_of_work, runtime.clock, provider, raw_body=body,
                                   signature=header, secret=TEST_WEBHOOK_SECRET,
                                   handlers=LEDGER_TEST_HANDLERS)
    assert outcome.status == "handled", outcome


async def _a_busy_day(runtime: Runtime, clock: FixedClock, provider: SandboxProvider) -> None:
    await _paid(runtime, provider, "PA", 14000)
    pi_b = await _paid(runtime, provider, "PB", 20000)
    a1, a2 = ticket_ids("PA")
    b1, _b2 = ticket_ids("PB")
    clock.advance(timedelta(hours=1))
    async with runtime.unit_of_work() as uow:
        await record_ride(uow.session, clock, ride_id="RA1", ticket_id=a1, kind="single",
                          operator_id="HN_BUS", at=clock.now())
        await record_ride(uow.session, clock, ride_id="RB1", ticket_id=b1, kind="single",
                          operator_id="HANOI_METRO", at=clock.now())
        await record_ride(uow.session, clock, ride_id="RB2", ticket_id=b1, kind="single",
                          operator_id="HANOI_METRO", at=clock.now())
    await refund_payment(runtime.unit_of_work, clock, provider, refund_id="RFA2", payment_id="PA",
                         amount_minor=7000, ticket_id=a2)
    dispute = provider.open_dispute(pi_b, fee_minor=500)
    provider.close_dispute(dispute.dispute_id, won=False)
    await _deliver(runtime, provider, event("evt_dx", "charge.dispute.closed",
                                            {"id": dispute.dispute_id, "object": "dispute"}))
    payout = provider.make_payout(5000, "VND")
    paid = event("evt_po", "payout.paid", {"id": payout.payout_id, "object": "payout"})
    await _deliver(runtime, provider, paid)


async def test_settlement_and_reconciliation_of_a_day(runtime: Runtime, clock: FixedClock) -> None:
    provider = SandboxProvider(clock, fee_bps=200)
    await _a_busy_day(runtime, clock, provider)
    async with runtime.unit_of_work() as uow:
        with pytest.raises(Rejected):
            await settle_day(uow.session, clock, service_date=DAY)

    clock.set(clock.now() + timedelta(hours=16))  # 01:00 the next day in Hanoi
    async with runtime.unit_of_work() as uow:
        statements = {s.operator_id: s for s in await settle_day(uow.session, clock, service_date=DAY)}
    bus, metro = statements["HN_BUS"], statements["HANOI_METRO"]
    assert bus.document["rides"] == 1
    assert bus.document["recognised_fares_minor"] == 7000
    assert (bus.document["clearing_fee_minor"], bus.net_owed_minor) == (70, 6930)
    assert metro.document["rides"] == 2
    assert (metro.document["gross_minor"], metro.net_owed_minor) == (10000, 9900)
    assert len(bus.content_hash) == 64
    assert bus.csv_text.splitlines()[0].startswith("record,transfer_id")

    async with runtime.unit_of_work() as uow:
        count = await uow.session.scalar(sa.select(sa.func.count()).select_from(LedgerTransfer))
        again = {s.operator_id: s for s in await settle_day(uow.session, clock, service_date=DAY)}
        assert await uow.session.scalar(sa.select(sa.func.count()).select_from(LedgerTransfer)) == count
        hashes = {k: v.content_hash for k, v in statements.items()}
        assert {k: v.content_hash for k, v in again.items()} == hashes
        assert await account_balance(uow.session, "liabilities:operator:HN_BUS", "VND") == 0
        assert await account_balance(uow.session, "revenue:clearing_fees", "VND") == 170
        assert len(await list_statements(uow.session, operator_id="HN_BUS")) == 1
        await assert_books_balance(uow.session)

        report = await reconcile_day(uow.session, provider, service_date=DAY)
    summary = report["provider"]["summary"]
    expected = {"matched": 5, "missing_in_ledger": 0, "missing_at_provider": 0, "amount_mismatch": 0}
    assert summary == expected, report
    (vnd,) = report["tickets"]
    assert vnd["ok"], vnd
    assert vnd["tickets_by_state"] == {"unearned": 0, "recognised": 2, "refunded": 2, "broken": 0}


async def test_reconciliation_reports_each_kind_of_difference(runtime: Runtime, clock: FixedClock) -> None:
    provider = SandboxProvider(clock)
    await _paid(runtime, provider, "PC", 10000)
    provider.make_payout(3000, "VND")  # never told to the ledger
    async with runtime.unit_of_work() as uow:  # money the provider never saw
        await record_sale(uow.session, clock, sale_id="GHOST", provider="sandbox", currency="VND",
                          items=[SaleItem("GHOST-T1", 5000, "single", clock.now() + timedelta(days=1))])
        report = await reconcile_day(uow.session, provider, service_date=DAY)
    statuses = sorted(line["status"] for line in report["provider"]["lines"])
    assert statuses == ["matched", "missing_at_provider", "missing_in_ledger"], report
