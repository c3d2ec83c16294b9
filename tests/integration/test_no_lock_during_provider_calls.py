"""No database transaction is open while the provider is called (issue 10, finding 5): on real
committed transactions, each provider call of a purchase, a top-up and a refund is made while
another connection writes. On SQLite a held ``BEGIN IMMEDIATE`` would make that write wait (the
probe times out). SQLite is where a held transaction blocks every writer, so the test runs on a
fresh SQLite database of its own (its committed sales and refunds must not leak into the shared
test databases)."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gateway.sandbox import SandboxProvider
from tests.api.rider.helpers import bearer, publish_hanoi_feed, register, wire_purchase_ports
from ticketing.auth.tokens import AccessTokenSigner
from ticketing.cache.memory_store import MemoryStore
from ticketing.core.clock import SystemClock
from ticketing.db.engine import make_engine, make_sessionmaker
from ticketing.db.models.orders import Order, Refund, WalletTopup
from ticketing.db.models.payments import Payment, PaymentRefund
from ticketing.runtime import Runtime
from vexe import migrate
from vexe.app import create_app
from vexe.settings import Settings

WRITE_WAIT_S = 5.0


class WritesWhileCalled:
    """The sandbox provider; during each call another unit of work writes the rows a held
    transaction would lock, and must commit without waiting."""

    def __init__(self, runtime: Runtime, real: SandboxProvider) -> None:
        self._runtime, self._real = runtime, real
        self.name = real.name
        self.probed: list[str] = []

    async def _write_elsewhere(self) -> None:
        async with self._runtime.unit_of_work() as uow:
            for table in (Payment, PaymentRefund, Order, WalletTopup, Refund):
                await uow.session.execute(sa.update(table).where(sa.false()).values(status=table.status))

    def __getattr__(self, method: str) -> Any:
        target = getattr(self._real, method)

        async def call(*args: Any, **kwargs: Any) -> Any:
            if method in ("create_payment", "refund", "fetch_payment", "cancel_payment"):
                await asyncio.wait_for(self._write_elsewhere(), WRITE_WAIT_S)
                self.probed.append(method)
            return await target(*args, **kwargs)

        return call


@pytest.fixture
async def committed(tmp_path: Path) -> AsyncIterator[Runtime]:
    db_url = f"sqlite+aiosqlite:///{(tmp_path / 'own.db').as_posix()}"
    await asyncio.to_thread(migrate.upgrade, db_url)
    engine = make_engine(db_url)
    clock = SystemClock()
    runtime = Runtime(engine=engine, sessions=make_sessionmaker(engine), kv=MemoryStore(), clock=clock,
                      access_tokens=AccessTokenSigner(Ed25519PrivateKey.generate(), clock, ttl_s=900),
                      data_dir=tmp_path)
    await publish_hanoi_feed(runtime)
    wire_purchase_ports(runtime)
    yield runtime
    await engine.dispose()


async def test_purchase_topup_and_refund_call_the_provider_with_no_transaction_open(
    committed: Runtime, tmp_path: Path
) -> None:
    sandbox = committed.payments
    app = create_app(Settings(data_dir=tmp_path), runtime=committed)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        rider = await register(client, f"lock-{secrets.token_hex(4)}@example.vn")
        auth = bearer(rider["access"])
        item = {"fare_product_id": "bus_single_8000", "rider_category": "pho_thong",
                "fare_media": "hanoi_metro_app"}
        order = await client.post("/v1/orders", json={"items": [item]},
                                  headers={**auth, "Idempotency-Key": secrets.token_hex(8)})
        assert order.status_code == 201, order.text
        paid = await client.post(f"/v1/orders/{order.json()['order_id']}/sandbox-confirm", headers=auth)
        ticket_id = paid.json()["ticket_ids"][0]

        probe = WritesWhileCalled(committed, sandbox)
        committed.payments = probe  # type: ignore[assignment]
        order2 = await client.post("/v1/orders", json={"items": [item]},
                                   headers={**auth, "Idempotency-Key": secrets.token_hex(8)})
        assert order2.status_code == 201, order2.text
        topup = await client.post("/v1/wallet/topups", json={"amount_minor": 50000},
                                  headers={**auth, "Idempotency-Key": secrets.token_hex(8)})
        assert topup.status_code == 201, topup.text
        refund = await client.post("/v1/refunds", json={"ticket_id": ticket_id}, headers=auth)
        assert refund.status_code == 201, refund.text
        assert refund.json()["status"] == "refunded"
    assert probe.probed == ["create_payment", "create_payment", "refund"]
