"""Rider API fixtures: the Hanoi fare feed in force, the sandbox provider and a ticket key ring."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gateway.sandbox import SandboxProvider
from ticketing.runtime import Runtime
from ticketing.service.fare_catalog import activate_version, import_feed
from ticketing.service.riders.payment_handlers import register_payment_handlers
from ticketing.service.tickets import FileVault, IssuerKeyRing
from tests.conftest import REPO_ROOT


async def publish_hanoi_feed(runtime: Runtime) -> str:
    async with runtime.unit_of_work() as uow:
        info = await import_feed(
            uow.session, runtime.clock, source=REPO_ROOT / "data/gtfs/hanoi", imported_by="test"
        )
        await activate_version(
            uow.session,
            runtime.clock,
            version_id=info.version_id,
            effective_from=runtime.clock.now() - timedelta(days=30),
            activated_by="test",
        )
    return info.version_id


def wire_purchase_ports(runtime: Runtime) -> None:
    """What vexe.wiring does for a real runtime: sandbox payments, issuer keys, our handlers."""
    runtime.ports["payments"] = SandboxProvider(runtime.clock)
    runtime.ports["issuer_keys"] = IssuerKeyRing(
        FileVault(runtime.data_dir / "keys" / "tickets"), auto_create=True
    )
    register_payment_handlers(runtime.ports)


@pytest.fixture
async def hanoi_feed(runtime: Runtime) -> str:
    return await publish_hanoi_feed(runtime)


@pytest.fixture
async def shop(runtime: Runtime, hanoi_feed: str) -> Runtime:
    wire_purchase_ports(runtime)
    return runtime
