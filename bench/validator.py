"""Validator and sync benchmark, as ratios to the physical baselines measured in this run.

1. Reader decisions per second including the durable journal write (SQLite WAL,
   synchronous=FULL, one commit per decision), as a ratio to raw Ed25519 verifications per second;
   p50/p99 decision latency.
2. Sync ingest (parse + idempotent insert of 1,000-tap batches, one transaction each) in taps/s
   on SQLite and PostgreSQL, as a ratio to a raw bulk insert of the same rows (sqlite3
   executemany in one transaction; asyncpg COPY). Server-side processing taps/s is shown too.

Run: .venv/bin/python bench/validator.py [--scans N] [--taps N]
PostgreSQL: set VEXE_BENCH_DATABASE_URL (or VEXE_TEST_DATABASE_URL) to a throw-away database;
the bench migrates it and deletes only its own rows.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from ticketing.admission.snapshot_doc import merge  # noqa: E402
from ticketing.core.clock import FixedClock, SystemClock  # noqa: E402
from ticketing.core.ids import new_ulid  # noqa: E402
from ticketing.db.engine import make_engine, make_sessionmaker  # noqa: E402
from ticketing.db.models.devices import Device  # noqa: E402
from ticketing.service.devices.adapters import ServiceSnapshotSources, ServiceTapEffects  # noqa: E402
from ticketing.service.devices.registry import provision_device  # noqa: E402
from ticketing.service.taps.batch import parse_batch  # noqa: E402
from ticketing.service.taps.ingest import ingest_batch  # noqa: E402
from ticketing.service.taps.processing import process_pending_taps  # noqa: E402
from ticketing.service.tickets.keyring import IssuerKeyRing  # noqa: E402
from ticketing.service.tickets.vault import FileVault  # noqa: E402
from ticketing.tickets import IssuerKey, TicketClaims, new_kid, new_ticket_id, sign_ticket  # noqa: E402
from validators.journal import Journal  # noqa: E402
from validators.reader import Reader  # noqa: E402
from validators.store import Identity, Store  # noqa: E402
from vexe import migrate  # noqa: E402


def sign_tickets(key: Ed25519PrivateKey, kid: str, n: int, now: datetime) -> list[tuple[str, str]]:
    """``(ticket_id, code)`` of ``n`` bus singles valid from a few hours before ``now``."""
    start = (now - timedelta(hours=4)).replace(second=0, microsecond=0)
    out = []
    for _ in range(n):
        ticket_id = new_ticket_id()
        out.append((ticket_id, sign_ticket(TicketClaims(
            ticket_id, "bus_single_8000", "pho_thong", None, start, start + timedelta(hours=24),
            rides_allowed=1), key, kid)))
    return out


def sign_codes(key: Ed25519PrivateKey, kid: str, n: int, now: datetime) -> list[str]:
    return [code for _, code in sign_tickets(key, kid, n, now)]


def raw_verifies_per_s(key: Ed25519PrivateKey, n: int) -> float:
    public = key.public_key()
    messages = [os.urandom(150) for _ in range(n)]
    signatures = [key.sign(m) for m in messages]
    t0 = time.perf_counter()
    for m, s in zip(messages, signatures, strict=True):
        public.verify(s, m)
    return n / (time.perf_counter() - t0)


def reader_bench(n: int) -> dict[str, float]:
    key, kid, now = Ed25519PrivateKey.generate(), new_kid(), datetime.now(UTC)
    jwk = IssuerKey(kid, key.public_key(), now - timedelta(days=1), now + timedelta(days=30)).to_jwk()
    codes = sign_codes(key, kid, n, now)
    raw = raw_verifies_per_s(key, n)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp))
        store.save_identity(Identity("bench-reader", "http://127.0.0.1:9"))
        Journal.create(store.journal_path, "bench-reader").close()
        store.save_snapshot_doc(merge(None, {
            "version": 1, "server_time": now.isoformat(), "keys": {"keys": [jwk]},
            "denylist": {"full": True, "added": [], "removed": []}, "fares": None,
            "device": {"operator_id": "HN_BUS", "mode": "bus", "vehicle_id": "29B-001"},
        }))
        reader = Reader(store)
        latencies = []
        t0 = time.perf_counter()
        for code in codes:
            s = time.perf_counter()
            result = reader.scan(code)
            latencies.append(time.perf_counter() - s)
            assert result.decision.accepted, result.decision
        elapsed = time.perf_counter() - t0
        reader.close()
    latencies.sort()
    return {
        "raw_verifies_per_s": raw,
        "decisions_per_s": n / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
    }


def wire_taps(device_id: str, tickets: list[tuple[str, str]], now: datetime) -> list[dict[str, Any]]:
    """Genuine accepted taps (the server verifies each: the evidence rule), a second apart."""
    out = []
    for i, (ticket_id, code) in enumerate(tickets, start=1):
        at = now - timedelta(seconds=len(tickets) - i)
        out.append({
            "tap_id": new_ulid(at), "sequence": i, "scanned_at": at.isoformat(), "direction": "in",
            "stop_id": None, "route_id": "BUS_18", "vehicle_id": f"V-{device_id}",
            "ticket_id": ticket_id, "fare_product_id": "bus_single_8000",
            "ticket_kind": "single", "accepted": True, "reason": "accepted", "flags": [],
            "snapshot_version": 1, "code": code,
        })
    return out


def _raw_row(tap: dict[str, Any], device_id: str, now: datetime) -> tuple[Any, ...]:
    return (tap["tap_id"] + "", device_id, tap["sequence"], "HN_BUS",
            datetime.fromisoformat(tap["scanned_at"]), now, "in", None, "BUS_18", f"V-{device_id}",
            tap["ticket_id"], "bus_single_8000", "single", True, "accepted", "", 1, tap["code"], None)


COLUMNS = ("tap_id", "device_id", "sequence", "operator_id", "scanned_at", "received_at", "direction",
           "stop_id", "route_id", "vehicle_id", "ticket_id", "fare_product_id", "ticket_kind",
           "accepted", "reason", "flags", "snapshot_version", "code", "processed_at")


async def ingest_bench(url: str, n: int, vault_dir: Path) -> dict[str, float]:
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    clock = SystemClock()
    now = clock.now()
    tag = new_ulid(now)[-8:].lower()
    dev, raw_dev = f"bench-{tag}", f"bench-raw-{tag}"
    vault = FileVault(vault_dir)
    async with sessions() as session, session.begin():
        for device_id in (dev, raw_dev):  # in place before the taps they upload (plausibility)
            await provision_device(session, FixedClock(now - timedelta(days=1)), device_id=device_id,
                                   operator_id="HN_BUS", vehicle_id=f"V-{device_id}",
                                   route_id="BUS_18")
        info = await IssuerKeyRing(vault).create(session, clock, actor="bench",
                                                 not_before=now - timedelta(days=1))
    tickets = sign_tickets(vault.open(info.kid, None), info.kid, n, now)  # one tap per ticket
    taps = wire_taps(dev, tickets, now)
    t0 = time.perf_counter()
    for i in range(0, n, 1000):
        async with sessions() as session, session.begin():
            device = await session.get(Device, dev)
            assert device is not None
            await ingest_batch(session, clock, device, parse_batch({"taps": taps[i:i + 1000]}))
    ingest_s = time.perf_counter() - t0
    # Raw bulk insert of the same rows (fresh ids), the physical baseline for this database.
    raw_taps = wire_taps(raw_dev, tickets, now)
    rows = [_raw_row(t, raw_dev, now) for t in raw_taps]
    t0 = time.perf_counter()
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.split("///", 1)[1], isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            f"INSERT INTO taps ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",  # noqa: S608
            [tuple(v.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
                   if isinstance(v, datetime) else v for v in r) for r in rows],
        )
        conn.execute("COMMIT")
        conn.close()
    else:
        import asyncpg

        pg = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
        try:
            async with pg.transaction():
                await pg.copy_records_to_table("taps", records=rows, columns=list(COLUMNS))
        finally:
            await pg.close()
    raw_s = time.perf_counter() - t0
    # Server-side processing of the ingested taps (history, server admission, effects, journeys).
    sources, effects = ServiceSnapshotSources(clock), ServiceTapEffects()
    processed = 0
    t0 = time.perf_counter()
    for _ in range(n // 500 + 5):
        async with sessions() as session, session.begin():
            result = await process_pending_taps(session, clock, sources, effects, limit=500)
        processed += result.processed
        if result.processed == 0:
            break
    process_s = time.perf_counter() - t0
    async with engine.begin() as conn:
        from sqlalchemy import text

        await conn.execute(text("DELETE FROM journeys WHERE in_tap_id IN "
                                "(SELECT tap_id FROM taps WHERE device_id IN (:a, :b))"),
                           {"a": dev, "b": raw_dev})
        await conn.execute(text("DELETE FROM taps WHERE device_id IN (:a, :b)"), {"a": dev, "b": raw_dev})
        await conn.execute(text("DELETE FROM devices WHERE device_id IN (:a, :b)"),
                           {"a": dev, "b": raw_dev})
        await conn.execute(text("DELETE FROM ticket_issuer_keys WHERE kid = :k"), {"k": info.kid})
    await engine.dispose()
    return {"ingest_per_s": n / ingest_s, "raw_per_s": n / raw_s,
            "processed_per_s": processed / process_s if processed else 0.0}


def pg_url() -> str | None:
    url = os.environ.get("VEXE_BENCH_DATABASE_URL") or os.environ.get("VEXE_TEST_DATABASE_URL")
    if not url:
        return None
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix):]
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=1000)
    parser.add_argument("--taps", type=int, default=5000)
    args = parser.parse_args()
    # Taps of tickets this throw-away database never sold are logged; keep the output readable.
    logging.getLogger("vexe.taps").setLevel(logging.ERROR)

    r = reader_bench(args.scans)
    print(f"reader: {r['decisions_per_s']:.0f} decisions/s with durable journal "
          f"(raw Ed25519 verify {r['raw_verifies_per_s']:.0f}/s) -> ratio "
          f"{r['decisions_per_s'] / r['raw_verifies_per_s']:.4f}; "
          f"latency p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        targets = [("sqlite", f"sqlite+aiosqlite:///{tmp}/bench.db")]
        pg = pg_url()
        if pg:
            targets.append(("postgresql", pg))
        for name, url in targets:
            migrate.upgrade(url)
            s = asyncio.run(ingest_bench(url, args.taps, Path(tmp) / f"keys-{name}"))
            print(f"{name}: ingest {s['ingest_per_s']:.0f} taps/s, raw bulk insert "
                  f"{s['raw_per_s']:.0f} rows/s -> ratio {s['ingest_per_s'] / s['raw_per_s']:.3f}; "
                  f"processing {s['processed_per_s']:.0f} taps/s")
        if not pg:
            print("postgresql: skipped (set VEXE_BENCH_DATABASE_URL)")


if __name__ == "__main__":
    main()
