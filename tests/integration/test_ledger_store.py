"""The transfer store on both databases: idempotent ids, linked groups, pending holds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import FixedClock
from ticketing.core.errors import Conflict, InvalidInput, Rejected
from ticketing.ledger import chart
from ticketing.ledger.transfers import TransferSpec
from ticketing.service.ledger.balances import account_balance, list_balances
from ticketing.service.ledger.store import expire_pending, post_transfers

WALLET = chart.rider_wallet("lan")
PSP = chart.psp("stripe")
BUS = chart.operator("HN_BUS")


def _topup(tid: str, amount: int) -> TransferSpec:
    return TransferSpec(tid, PSP, WALLET, amount, "VND", "wallet_topup")


async def test_same_id_same_body_is_the_first_result(session: AsyncSession, clock: FixedClock) -> None:
    first = await post_transfers(session, clock, [_topup("t1", 1000)])
    clock.advance(timedelta(minutes=1))
    again = await post_transfers(session, clock, [_topup("t1", 1000)])
    assert again[0].replayed
    assert not first[0].replayed
    assert again[0].created_at == first[0].created_at
    assert await account_balance(session, WALLET, "VND") == 1000
    with pytest.raises(Conflict) as exc:
        await post_transfers(session, clock, [_topup("t1", 999)])
    assert exc.value.code == "transfer_id_reused"
    with pytest.raises(InvalidInput):
        await post_transfers(session, clock, [TransferSpec("t2", PSP, "nowhere", 1, "VND", "adjustment")])


async def test_linked_group_is_all_or_nothing(session: AsyncSession, clock: FixedClock) -> None:
    await post_transfers(session, clock, [_topup("t1", 1000)])
    group = [
        TransferSpec("c1", WALLET, BUS, 700, "VND", "wallet_charge"),
        TransferSpec("c2", WALLET, BUS, 700, "VND", "wallet_charge"),
    ]
    with pytest.raises(Rejected) as exc:
        await post_transfers(session, clock, group)
    assert exc.value.code == "exceeds_floor"
    assert await account_balance(session, WALLET, "VND") == 1000
    assert await account_balance(session, BUS, "VND") == 0
    await post_transfers(session, clock, group[:1])
    assert await account_balance(session, WALLET, "VND") == 300


async def test_pending_hold_posts_voids_and_expires(session: AsyncSession, clock: FixedClock) -> None:
    await post_transfers(session, clock, [_topup("t1", 1000)])
    expiry = clock.now() + timedelta(minutes=10)
    hold = TransferSpec("h1", WALLET, BUS, 600, "VND", "hold", flag="pending", timeout_at=expiry)
    await post_transfers(session, clock, [hold])
    with pytest.raises(Rejected):  # 600 of the 1000 are held
        await post_transfers(session, clock, [TransferSpec("c1", WALLET, BUS, 500, "VND", "wallet_charge")])
    (wallet,) = await list_balances(session, prefix=WALLET)
    assert (wallet.balance_minor, wallet.debits_pending_minor) == (1000, 600)
    post = TransferSpec("p1", "", "", 450, "VND", "hold", flag="post_pending", pending_id="h1")
    await post_transfers(session, clock, [post])
    await post_transfers(session, clock, [post])
    assert await account_balance(session, WALLET, "VND") == 550
    assert await account_balance(session, BUS, "VND") == 450
    with pytest.raises(Rejected) as twice:
        await post_transfers(
            session,
            clock,
            [TransferSpec("v1", "", "", 0, "VND", "hold", flag="void_pending", pending_id="h1")],
        )
    assert twice.value.code == "pending_already_resolved"

    await post_transfers(
        session,
        clock,
        [TransferSpec("h2", WALLET, BUS, 500, "VND", "hold", flag="pending", timeout_at=expiry)],
    )
    assert await expire_pending(session, clock) == 0
    clock.set(expiry)
    with pytest.raises(Rejected) as late:
        await post_transfers(
            session,
            clock,
            [TransferSpec("p2", "", "", 0, "VND", "hold", flag="post_pending", pending_id="h2")],
        )
    assert late.value.code == "pending_expired"
    assert await expire_pending(session, clock) == 1
    assert await expire_pending(session, clock) == 0
    (wallet,) = await list_balances(session, prefix=WALLET)
    assert (wallet.balance_minor, wallet.debits_pending_minor) == (550, 0)
