"""The posting rules of docs/decisions.md §8 on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import FixedClock
from ticketing.core.errors import Conflict, Rejected
from ticketing.service.ledger.balances import account_balance, trial_balances
from ticketing.service.ledger.passes import close_expired
from ticketing.service.ledger.postings import (
    SaleItem,
    record_breakage,
    record_psp_fee,
    record_refund,
    record_ride,
    record_sale,
    record_wallet_charge,
    record_wallet_topup,
    wallet_balance,
)


async def _books_balance(session: AsyncSession) -> None:
    for tb in await trial_balances(session):
        assert tb.debits_minor == tb.credits_minor, tb


async def test_sale_ride_refund_breakage(session: AsyncSession, clock: FixedClock) -> None:
    until = clock.now() + timedelta(hours=2)
    items = [SaleItem("T1", 7000, "single", until), SaleItem("T2", 7000, "single", until),
             SaleItem("T3", 9000, "single", until)]
    await record_sale(session, clock, sale_id="S1", provider="stripe", currency="VND", items=items)
    await record_sale(session, clock, sale_id="S1", provider="stripe", currency="VND", items=items)
    assert await account_balance(session, "assets:psp:stripe", "VND") == 23000
    assert await account_balance(session, "liabilities:unearned_fares", "VND") == 23000
    await record_psp_fee(session, clock, fee_id="S1", provider="stripe", amount_minor=300, currency="VND")
    assert await account_balance(session, "expenses:psp_fees", "VND") == 300

    await record_ride(session, clock, ride_id="R1", ticket_id="T1", kind="single", operator_id="HN_BUS",
                      at=clock.now())
    await record_ride(session, clock, ride_id="R2", ticket_id="T1", kind="single", operator_id="HN_BUS",
                      at=clock.now())
    await record_ride(session, clock, ride_id="R1", ticket_id="T1", kind="single", operator_id="HN_BUS",
                      at=clock.now())
    assert await account_balance(session, "liabilities:operator:HN_BUS", "VND") == 7000

    await record_refund(session, clock, refund_id="RF1", provider="stripe", ticket_id="T2",
                        amount_minor=7000, currency="VND")
    await record_refund(session, clock, refund_id="RF1", provider="stripe", ticket_id="T2",
                        amount_minor=7000, currency="VND")
    with pytest.raises(Rejected) as exc:
        await record_refund(session, clock, refund_id="RF2", provider="stripe", ticket_id="T2",
                            amount_minor=1, currency="VND")
    assert exc.value.code == "refund_exceeds_paid"
    with pytest.raises(Rejected):
        await record_refund(session, clock, refund_id="RF3", provider="stripe", ticket_id="T1",
                            amount_minor=7000, currency="VND")
    with pytest.raises(Conflict):
        await record_refund(session, clock, refund_id="RF1", provider="stripe", ticket_id="T2",
                            amount_minor=6000, currency="VND")

    with pytest.raises(Rejected) as still:
        await record_breakage(session, clock, ticket_id="T3", at=clock.now())
    assert still.value.code == "ticket_still_valid"
    assert await close_expired(session, clock, until=until) == 1
    assert await account_balance(session, "revenue:breakage", "VND") == 9000
    assert await account_balance(session, "liabilities:unearned_fares", "VND") == 0
    assert await account_balance(session, "assets:psp:stripe", "VND") == 23000 - 300 - 7000
    await _books_balance(session)


async def test_pass_apportioned_by_ridership(session: AsyncSession, clock: FixedClock) -> None:
    until = clock.now() + timedelta(days=1)
    await record_sale(session, clock, sale_id="S2", provider="stripe", currency="VND",
                      items=[SaleItem("P1", 10000, "pass", until), SaleItem("P2", 5000, "pass", until)])
    for i, op in enumerate(["HN_BUS", "HN_BUS", "HANOI_METRO"]):
        await record_ride(session, clock, ride_id=f"PR{i}", ticket_id="P1", kind="pass", operator_id=op,
                          at=clock.now())
    assert await close_expired(session, clock, until=until) == 2
    assert await account_balance(session, "liabilities:operator:HN_BUS", "VND") == 6667
    assert await account_balance(session, "liabilities:operator:HANOI_METRO", "VND") == 3333
    assert await account_balance(session, "revenue:breakage", "VND") == 5000
    assert await close_expired(session, clock, until=until) == 0
    await _books_balance(session)


async def test_wallet_never_negative(session: AsyncSession, clock: FixedClock) -> None:
    await record_wallet_topup(session, clock, topup_id="W1", provider="stripe", rider_id="rider1",
                              amount_minor=20000, currency="VND")
    await record_wallet_charge(session, clock, charge_id="C1", rider_id="rider1", operator_id="HN_BUS",
                               amount_minor=15000, currency="VND")
    with pytest.raises(Rejected) as exc:
        await record_wallet_charge(session, clock, charge_id="C2", rider_id="rider1",
                                   operator_id="HN_BUS", amount_minor=5001, currency="VND")
    assert exc.value.code == "insufficient_funds"
    assert await wallet_balance(session, rider_id="rider1", currency="VND") == 5000
    await _books_balance(session)
