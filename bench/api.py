"""Rider API benchmark: purchases per second through the full flow (order → sandbox payment →
tickets issued and the sale booked → QR image), as a ratio to a trivial endpoint (GET /healthz) on
the same server in the same run, on PostgreSQL with Redis.

The server is a real ``vexe serve`` process (one uvicorn worker). Riders are created in the
database beforehand and their access tokens minted with the server's own auth key, so the run
measures buying, not argon2 logins. Each purchase uses a fresh Idempotency-Key; riders are used
round-robin so no one hits the per-rider purchase rate limit.

WARNING: the PostgreSQL database named by --database-url is wiped (schema public dropped).

Run: .venv/bin/python bench/api.py [--seconds 10] [--rounds 1] [--concurrency 8] [--riders 120]
       [--database-url postgresql://postgres@127.0.0.1:5432/vexe_rider] [--redis-url redis://127.0.0.1:6379/6]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import itertools
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import httpx
import qrcode
import qrcode.constants
import qrcode.image.svg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ticketing.service.riders.accounts import register_rider  # noqa: E402
from ticketing.service.tickets.qr import render  # noqa: E402
from vexe import migrate  # noqa: E402
from vexe.container import build_runtime  # noqa: E402
from vexe.settings import Settings  # noqa: E402

BIN = Path(sys.executable).parent
ITEM = {"fare_product_id": "bus_single_8000", "rider_category": "pho_thong", "fare_media": "hanoi_metro_app"}


def asyncpg(url: str) -> str:
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix):]
    return url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def reset_database(url: str) -> None:
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


async def make_riders(settings: Settings, n: int) -> list[str]:
    runtime = build_runtime(settings)
    tokens = []
    try:
        async with runtime.unit_of_work() as uow:
            for i in range(n):
                rider = await register_rider(
                    uow.session, runtime.clock, email=f"bench{i}@example.vn", phone=None,
                    password="bench-password-1",
                )
                tokens.append(runtime.access_tokens.issue(rider.rider_id, "rider"))
    finally:
        await runtime.aclose()
    return tokens


def env_for(data_dir: Path, db: str, redis: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEXE_")}
    env.update(VEXE_DATA_DIR=str(data_dir), VEXE_DATABASE_URL=db, VEXE_REDIS_URL=redis,
               VEXE_LOG_LEVEL="WARNING", VEXE_ACCESS_TOKEN_TTL_S="3600")
    return env


async def trivial(client: httpx.AsyncClient, stop_at: float, counts: Counter[str]) -> None:
    while time.monotonic() < stop_at:
        r = await client.get("/healthz")
        counts["ok" if r.status_code == 200 else f"status_{r.status_code}"] += 1


async def purchaser(client: httpx.AsyncClient, tokens: itertools.cycle[str], stop_at: float,
                    counts: Counter[str], with_qr: bool) -> None:
    while time.monotonic() < stop_at:
        auth = {"Authorization": f"Bearer {next(tokens)}"}
        order = await client.post("/v1/orders", json={"items": [ITEM]},
                                  headers={**auth, "Idempotency-Key": uuid.uuid4().hex})
        if order.status_code != 201:
            counts[f"order_{order.status_code}"] += 1
            continue
        paid = await client.post(order.json()["payment"]["sandbox_confirm_url"], headers=auth)
        if paid.status_code != 200 or not paid.json()["ticket_ids"]:
            counts[f"confirm_{paid.status_code}"] += 1
            continue
        if not with_qr:
            counts["ok"] += 1
            continue
        qr = await client.get(f"/v1/tickets/{paid.json()['ticket_ids'][0]}/qr.png", headers=auth)
        counts["ok" if qr.status_code == 200 else f"qr_{qr.status_code}"] += 1


async def measure(
    url: str, seconds: float, concurrency: int, tokens: list[str] | None, with_qr: bool = False
) -> tuple[float, Counter[str]]:
    counts: Counter[str] = Counter()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        started = time.monotonic()
        stop_at = started + seconds
        if tokens is None:
            workers = [trivial(client, stop_at, counts) for _ in range(concurrency)]
        else:
            cycle = itertools.cycle(tokens)
            workers = [purchaser(client, cycle, stop_at, counts, with_qr) for _ in range(concurrency)]
        await asyncio.gather(*workers)
        elapsed = time.monotonic() - started
    return counts["ok"] / elapsed, counts


def legacy_render(code: str, fmt: str) -> bytes:
    """The previous renderer: qrcode's best fit with mask scoring and its own image factories."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    qr.add_data(code)
    qr.make(fit=True)
    out = io.BytesIO()
    if fmt == "png":
        qr.make_image(fill_color="black", back_color="white").save(out, format="PNG")
    else:
        qr.make_image(image_factory=qrcode.image.svg.SvgPathImage).save(out)
    return out.getvalue()


def qr_render_ms(rounds: int = 30) -> dict[str, float]:
    """Median milliseconds per render of a 230-character ticket-like code, interleaved rounds."""
    code = secrets.token_urlsafe(200)[:230]
    times: dict[str, list[float]] = {}
    for _ in range(rounds):
        for name, fn in (("fast", render), ("legacy", legacy_render)):
            for fmt in ("png", "svg"):
                started = time.perf_counter()
                fn(code, fmt)  # type: ignore[operator]
                times.setdefault(f"{name}_{fmt}", []).append((time.perf_counter() - started) * 1000)
    return {k: statistics.median(v) for k, v in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=1, help="interleaved rounds of the three phases")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--riders", type=int, default=120)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/vexe_rider")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/6")
    args = parser.parse_args()
    db = asyncpg(args.database_url)
    with tempfile.TemporaryDirectory(prefix="vexe-bench-api-") as tmp:
        data_dir = Path(tmp)
        env = env_for(data_dir, db, args.redis_url)
        asyncio.run(reset_database(db))
        migrate.upgrade(db)
        demo = subprocess.run([str(BIN / "vexe"), "demo", "--json"], env=env, capture_output=True, text=True,
                              timeout=300, check=False)
        if demo.returncode != 0:
            raise SystemExit(f"vexe demo failed: {demo.stderr}")
        settings = Settings(
            data_dir=data_dir, database_url=db, redis_url=args.redis_url, access_token_ttl_s=3600
        )
        tokens = asyncio.run(make_riders(settings, args.riders))
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log = (data_dir / "server.log").open("wb")
        server = subprocess.Popen([str(BIN / "vexe"), "serve", "--port", str(port)], env=env, stdout=log,
                                  stderr=log, stdin=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("server did not start: " + (data_dir / "server.log").read_text()[-2000:])
                time.sleep(0.1)
            asyncio.run(measure(url, 2, args.concurrency, tokens[:10]))  # warm-up: keys, feed cache
            rounds = []  # interleaved, so load from other processes hits every phase alike
            for _ in range(args.rounds):
                base = asyncio.run(measure(url, args.seconds, args.concurrency, None))
                buy = asyncio.run(measure(url, args.seconds, args.concurrency, tokens))
                qr = asyncio.run(measure(url, args.seconds, args.concurrency, tokens, True))
                rounds.append((base, buy, qr))
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
    for n, ((base_rate, base_counts), (buy_rate, buy_counts), (qr_rate, qr_counts)) in enumerate(rounds, 1):
        print(f"round {n}: trivial GET /healthz {base_rate:,.0f} req/s {dict(base_counts)}; "
              f"purchases (order + sandbox confirm: tickets issued, sale booked) {buy_rate:,.1f}/s "
              f"{dict(buy_counts)}; purchases + first QR png render {qr_rate:,.1f}/s {dict(qr_counts)}")
    base_rate = statistics.median(r[0][0] for r in rounds)
    buy_rate = statistics.median(r[1][0] for r in rounds)
    qr_rate = statistics.median(r[2][0] for r in rounds)
    print(f"median rates: trivial {base_rate:,.0f} req/s, purchases {buy_rate:,.1f}/s, "
          f"purchases + first QR {qr_rate:,.1f}/s")
    print(f"ratio purchases / trivial requests (median of rounds): "
          f"{statistics.median(r[1][0] / r[0][0] for r in rounds):.4f}")
    print(f"ratio purchases with QR / trivial requests (median of rounds): "
          f"{statistics.median(r[2][0] / r[0][0] for r in rounds):.4f}")
    print(f"ratio purchases with QR / purchases (median of rounds): "
          f"{statistics.median(r[2][0] / r[1][0] for r in rounds):.3f}")
    ms = qr_render_ms()
    print("QR render in-process, median ms (230-char code): "
          + ", ".join(f"{k} {v:.1f}" for k, v in sorted(ms.items())))
    print(f"ratio legacy / fast render: png {ms['legacy_png'] / ms['fast_png']:.1f}x, "
          f"svg {ms['legacy_svg'] / ms['fast_svg']:.1f}x")


if __name__ == "__main__":
    main()
