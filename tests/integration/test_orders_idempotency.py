"""Racing retries with one Idempotency-Key create one order, on real committed transactions
(both databases): the loser of the race hits the record's primary key and replays the winner."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from tests.api.rider.helpers import bearer, publish_hanoi_feed, register, wire_purchase_ports
from ticketing.auth.tokens import AccessTokenSigner
from ticketing.cache.memory_store import MemoryStore
from ticketing.core.clock import SystemClock
from ticketing.db.engine import make_engine, make_sessionmaker
from ticketing.db.models.orders import Order
from ticketing.runtime import Runtime
from vexe.app import create_app
from vexe.settings import Settings


@pytest.fixture
async def committed_runtime(db_url: str, tmp_path: Path) -> AsyncIterator[Runtime]:
    engine = make_engine(db_url)
    clock = SystemClock()
    runtime = Runtime(
        engine=engine,
        sessions=make_sessionmaker(engine),
        kv=MemoryStore(),
        clock=clock,
        access_tokens=AccessTokenSigner(Ed25519PrivateKey.generate(), clock, ttl_s=900),
        data_dir=tmp_path,
    )
    await publish_hanoi_feed(runtime)
    wire_purchase_ports(runtime)
    yield runtime
    await engine.dispose()


async def test_racing_retries_make_one_order(committed_runtime: Runtime, tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path), runtime=committed_runtime)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        rider = await register(client, f"race-{secrets.token_hex(4)}@example.vn")
        body = {
            "items": [
                {
                    "fare_product_id": "bus_single_8000",
                    "rider_category_id": "pho_thong",
                    "fare_media_id": "hanoi_metro_app",
                }
            ]
        }
        headers = {**bearer(rider["access"]), "Idempotency-Key": "race-key"}
        answers = await asyncio.gather(
            *[client.post("/v1/orders", json=body, headers=headers) for _ in range(6)]
        )
    assert [a.status_code for a in answers] == [201] * 6, [a.text for a in answers]
    assert len({a.json()["order_id"] for a in answers}) == 1
    async with committed_runtime.unit_of_work() as uow:
        count = await uow.session.scalar(
            select(func.count()).select_from(Order).where(Order.rider_id == rider["rider_id"])
        )
    assert count == 1
