"""50 concurrent postings against one account, each on its own connection and transaction,
committed: no lost update, and the wallet floor holds under contention.

The data is committed, so it is kept apart from every other test: its own rider and operator
names, its own currency (THB) and a day (2001-01-01) no other test settles."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from ticketing.core.clock import FixedClock
from ticketing.core.errors import Rejected
from ticketing.db.engine import make_engine, make_sessionmaker
from ticketing.service.ledger.balances import account_balance
from ticketing.service.ledger.postings import record_wallet_charge, record_wallet_topup

WRITERS = 50
CURRENCY = "THB"
APART = FixedClock(datetime(2001, 1, 1, 12, 0, tzinfo=UTC))


def _engine(db_url: str) -> AsyncEngine:
    if db_url.startswith("sqlite"):
        return make_engine(db_url)
    return make_engine(db_url, pool_size=WRITERS, max_overflow=0)


async def test_fifty_concurrent_postings_lose_nothing(db_url: str) -> None:
    clock = APART
    engine = _engine(db_url)
    sessions = make_sessionmaker(engine)
    rider = f"conc-{uuid.uuid4().hex[:12]}"  # committed data: unique names keep runs apart
    start = asyncio.Event()

    async def topup(i: int) -> None:
        await start.wait()
        async with sessions() as s, s.begin():
            await record_wallet_topup(
                s,
                clock,
                topup_id=f"{rider}-{i}",
                provider="stripe",
                rider_id=rider,
                amount_minor=i + 1,
                currency=CURRENCY,
            )

    try:
        tasks = [asyncio.create_task(topup(i)) for i in range(WRITERS)]
        start.set()
        await asyncio.gather(*tasks)
        async with sessions() as s:
            assert await account_balance(s, f"liabilities:rider_wallets:{rider}", CURRENCY) == sum(
                range(1, WRITERS + 1)
            )
    finally:
        await engine.dispose()


async def test_fifty_concurrent_charges_respect_the_floor(db_url: str) -> None:
    clock = APART
    engine = _engine(db_url)
    sessions = make_sessionmaker(engine)
    rider = f"floor-{uuid.uuid4().hex[:12]}"
    funded = 37
    start = asyncio.Event()
    async with sessions() as s, s.begin():
        await record_wallet_topup(
            s,
            clock,
            topup_id=f"{rider}-fund",
            provider="stripe",
            rider_id=rider,
            amount_minor=funded,
            currency=CURRENCY,
        )

    async def charge(i: int) -> str:
        await start.wait()
        try:
            async with sessions() as s, s.begin():
                await record_wallet_charge(
                    s,
                    clock,
                    charge_id=f"{rider}-{i}",
                    rider_id=rider,
                    operator_id=f"OP_{rider}",
                    amount_minor=1,
                    currency=CURRENCY,
                )
        except Rejected as exc:
            return exc.code
        return "posted"

    try:
        tasks = [asyncio.create_task(charge(i)) for i in range(WRITERS)]
        start.set()
        results = await asyncio.gather(*tasks)
        assert results.count("posted") == funded
        assert set(results) == {"posted", "insufficient_funds"}
        async with sessions() as s:
            assert await account_balance(s, f"liabilities:rider_wallets:{rider}", CURRENCY) == 0
    finally:
        await engine.dispose()
