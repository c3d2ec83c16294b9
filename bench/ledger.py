"""Ledger posting throughput as a ratio to a raw insert of the same rows, in the same run.

For each database: N transfers are posted through ``post_transfers`` (each its own group:
validation, savepoint, account lookup, idempotent transfer insert, two balance updates with the
floor check), committed every BATCH transfers; then the very same transfer rows are inserted raw
into the emptied table, twice: batched (one Core executemany per BATCH) and row by row (one
INSERT per row), with the same commits. The ratios posted/s ÷ raw/s are the price of the
ledger's guarantees.

    .venv/bin/python bench/ledger.py [--transfers 2000] [--batch 100] [--pg postgresql://...]

``--pg`` RESETS the public schema of that database (use a scratch database).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from ticketing.core.clock import FixedClock
from ticketing.db.engine import make_engine, make_sessionmaker
from ticketing.db.models.ledger import LedgerAccount, LedgerTransfer
from ticketing.ledger import chart
from ticketing.ledger.transfers import TransferSpec
from ticketing.service.ledger.store import post_transfers
from vexe import migrate

NOW = datetime(2025, 10, 14, 1, 0, tzinfo=UTC)
OPERATORS = ["HN_BUS", "HANOI_METRO"]


def _spec(i: int) -> TransferSpec:
    if i % 2 == 0:
        return TransferSpec(
            f"b{i}",
            chart.psp("stripe"),
            chart.UNEARNED,
            7000 + i % 13,
            "VND",
            "sale",
            reference=f"S{i}",
            ticket_id=f"T{i}",
        )
    return TransferSpec(
        f"b{i}",
        chart.UNEARNED,
        chart.operator(OPERATORS[i % 4 // 2]),
        7000,
        "VND",
        "ride",
        reference=f"R{i}",
        ticket_id=f"T{i - 1}",
        operator_id=OPERATORS[i % 4 // 2],
    )


async def _reset_pg(url: str) -> None:
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        await conn.execute(sa.text("CREATE SCHEMA public"))
    await engine.dispose()


async def _measure(url: str, n: int, batch: int) -> dict[str, Any]:
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    clock = FixedClock(NOW)
    specs = [_spec(i) for i in range(n)]
    started = time.perf_counter()
    for lo in range(0, n, batch):
        async with sessions() as s, s.begin():
            for spec in specs[lo : lo + batch]:
                await post_transfers(s, clock, [spec])
    posted_s = time.perf_counter() - started

    async with sessions() as s, s.begin():
        rows = [dict(r._mapping) for r in (await s.execute(sa.select(LedgerTransfer.__table__))).all()]
        debits, credits = (
            await s.execute(
                sa.select(sa.func.sum(LedgerAccount.debits_posted), sa.func.sum(LedgerAccount.credits_posted))
            )
        ).one()
        assert debits == credits, "books out of balance"
        await s.execute(sa.delete(LedgerTransfer.__table__))
    table = LedgerTransfer.__table__
    started = time.perf_counter()
    for lo in range(0, n, batch):
        async with engine.begin() as conn:
            await conn.execute(sa.insert(table), rows[lo : lo + batch])
    raw_s = time.perf_counter() - started
    async with engine.begin() as conn:
        await conn.execute(sa.delete(table))
    started = time.perf_counter()
    for lo in range(0, n, batch):
        async with engine.begin() as conn:
            for row in rows[lo : lo + batch]:
                await conn.execute(sa.insert(table).values(**row))
    row_s = time.perf_counter() - started
    await engine.dispose()
    posted, raw, per_row = n / posted_s, n / raw_s, n / row_s
    return {
        "transfers": n,
        "posted_per_s": round(posted),
        "raw_rows_per_s": round(raw),
        "raw_row_by_row_per_s": round(per_row),
        "ratio": round(posted / raw, 3),
        "ratio_row_by_row": round(posted / per_row, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--transfers", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--pg", default=None, help="PostgreSQL URL of a scratch database (schema is reset)")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{(Path(tmp) / 'bench.db').as_posix()}"
        migrate.upgrade(url)
        results["sqlite"] = asyncio.run(_measure(url, args.transfers, args.batch))
    if args.pg:
        pg = args.pg.replace("postgresql://", "postgresql+asyncpg://", 1)
        asyncio.run(_reset_pg(pg))
        migrate.upgrade(pg)
        results["postgresql"] = asyncio.run(_measure(pg, args.transfers, args.batch))
    print(f"{args.transfers} transfers, commit every {args.batch}")
    for name, r in results.items():
        print(
            f"{name:<11} posted {r['posted_per_s']:>6}/s | raw batched insert {r['raw_rows_per_s']:>6}/s"
            f" ratio {r['ratio']:.3f} | raw row-by-row insert {r['raw_row_by_row_per_s']:>6}/s"
            f" ratio {r['ratio_row_by_row']:.3f}"
        )


if __name__ == "__main__":
    main()
