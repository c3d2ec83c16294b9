"""Plain helpers for rider API tests."""

from __future__ import annotations

import secrets
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from gateway.sandbox import SandboxProvider
from tests.conftest import REPO_ROOT
from ticketing.runtime import Runtime
from ticketing.service.fare_catalog import activate_version, import_feed
from ticketing.service.riders.payment_handlers import rider_payment_handlers
from ticketing.service.tickets import FileVault, IssuerKeyRing


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def register(
    client: httpx.AsyncClient, email: str | None = None, password: str = "mat-khau-an-toan"
) -> dict[str, str]:
    email = email or f"r{secrets.token_hex(4)}@example.vn"
    response = await client.post("/v1/auth/register", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    body: dict[str, str] = response.json()
    return {
        "access": body["access_token"],
        "refresh": body["refresh_token"],
        "rider_id": body["rider"]["rider_id"],
        "email": email,
        "password": password,
    }  # type: ignore[index]


BUS18_DAY_CAP = "bus18_day,Bus 18 day cap,net_bus_18,day,20000,VND,\n"


def capped_hanoi_feed(folder: Path, cap_rows: str = BUS18_DAY_CAP) -> Path:
    """A copy of the Hanoi feed plus ``x_fare_caps.txt`` rows (test data, not Hanoi policy)."""
    target = folder / "hanoi"
    shutil.copytree(REPO_ROOT / "data/gtfs/hanoi", target)
    (target / "x_fare_caps.txt").write_text(
        "cap_id,cap_name,network_id,period,amount,currency,rider_category_id\n" + cap_rows
    )
    return target


async def publish_hanoi_feed(runtime: Runtime, source: Path | None = None) -> str:
    async with runtime.unit_of_work() as uow:
        info = await import_feed(
            uow.session, runtime.clock, source=source or REPO_ROOT / "data/gtfs/hanoi", imported_by="test"
        )
        await activate_version(
            uow.session,
            runtime.clock,
            version_id=info.version_id,
            effective_from=runtime.clock.now() - timedelta(days=30),
            activated_by="test",
        )
    return info.version_id


def wire_purchase_ports(runtime: Runtime, provider: Any = None) -> None:
    """What vexe.wiring does for a real runtime: payments (sandbox by default), issuer keys, our
    payment handlers."""
    runtime.payments = provider if provider is not None else SandboxProvider(runtime.clock)
    runtime.issuer_keys = IssuerKeyRing(
        FileVault(runtime.data_dir / "keys" / "tickets"), auto_create=True
    )
    runtime.payment_handlers = rider_payment_handlers(lambda: runtime.issuer_keys)
