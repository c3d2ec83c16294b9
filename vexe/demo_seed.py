"""What ``vexe demo`` seeds. Each area adds a step; every step is idempotent."""

from __future__ import annotations

import json
import secrets
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ticketing.db.models.staff import StaffAccount
from ticketing.runtime import Runtime
from ticketing.service.fare_catalog import activate_version, import_feed
from ticketing.service.staff import create_staff
from vexe.keyfiles import write_private_file
from vexe.settings import Settings

DEMO_ADMIN = "admin"


@dataclass
class DemoContext:
    settings: Settings
    runtime: Runtime
    credentials: dict[str, Any]
    report: dict[str, Any] = field(default_factory=dict)


DemoStep = Callable[[DemoContext], Awaitable[None]]


def load_credentials(path: Path) -> dict[str, Any]:
    """Demo passwords are random per machine, made once and kept (0600) so reruns agree."""
    if path.exists():
        loaded: dict[str, Any] = json.loads(path.read_text())
        return loaded
    creds = {
        "admin": {"username": DEMO_ADMIN, "password": secrets.token_urlsafe(12)},
        "rider": {"email": "rider@demo.vexe.vn", "password": secrets.token_urlsafe(12)},
    }
    write_private_file(path, json.dumps(creds, indent=2).encode())
    return creds


async def seed_admin(ctx: DemoContext) -> None:
    admin = ctx.credentials["admin"]
    async with ctx.runtime.unit_of_work() as uow:
        exists = await uow.session.scalar(
            select(StaffAccount.id).where(StaffAccount.username == admin["username"])
        )
        if exists is None:
            await create_staff(
                uow.session, ctx.runtime.clock, username=admin["username"],
                password=admin["password"], role="admin",
            )


HANOI_FEED_CANDIDATES = (
    Path(__file__).resolve().parent.parent / "data" / "gtfs" / "hanoi",
    Path(sys.prefix) / "share" / "vexe" / "data" / "gtfs" / "hanoi",
)
HANOI_FARES_FROM = datetime(2024, 1, 1, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


async def seed_fares(ctx: DemoContext) -> None:
    """Import the Hanoi feed as a fare catalogue version and activate it from 2024-01-01 (once)."""
    feed_dir = next((p for p in HANOI_FEED_CANDIDATES if (p / "fare_products.txt").is_file()), None)
    if feed_dir is None:
        raise FileNotFoundError("the Hanoi GTFS feed (data/gtfs/hanoi) is missing")
    async with ctx.runtime.unit_of_work() as uow:
        info = await import_feed(uow.session, ctx.runtime.clock, source=feed_dir, imported_by="demo")
        if not info.activations:
            info = await activate_version(
                uow.session, ctx.runtime.clock, version_id=info.version_id,
                effective_from=HANOI_FARES_FROM, activated_by="demo",
            )
    ctx.report["fares"] = {
        "version_id": info.version_id,
        "feed_version": info.feed_version,
        "effective_from": [a.effective_from for a in info.activations],
        "agencies": sorted(info.summary.get("agencies", {})),
        "fare_products": info.summary.get("fare_products"),
        "warnings": len(info.warnings),
    }


async def seed_rider(ctx: DemoContext) -> None:
    """The demo rider (e-mail + password from the credentials file); idempotent."""
    from ticketing.service.riders.accounts import ensure_rider

    rider = ctx.credentials["rider"]
    async with ctx.runtime.unit_of_work() as uow:
        identity, created = await ensure_rider(
            uow.session, ctx.runtime.clock, email=rider["email"], password=rider["password"]
        )
    ctx.report["rider_account"] = {"rider_id": identity.rider_id, "email": identity.email, "created": created}


DEMO_READER = "DEMO-BUS-18"


async def seed_reader(ctx: DemoContext) -> None:
    """A demo bus reader on route 18. Until it enrols, each run issues a fresh one-time token."""
    from ticketing.db.models.devices import Device
    from ticketing.service.devices.registry import provision_device

    async with ctx.runtime.unit_of_work() as uow:
        device = await uow.session.get(Device, DEMO_READER)
        if device is not None and device.enrolled_at is not None:
            ctx.report["reader"] = {"device_id": DEMO_READER, "enrolled": True}
            return
        made = await provision_device(
            uow.session, ctx.runtime.clock, device_id=DEMO_READER, operator_id="HN_BUS",
            vehicle_id="29B-DEMO", route_id="BUS_18",
        )
    ctx.report["reader"] = {
        "device_id": DEMO_READER,
        "enrolment_token": made.enrolment_token,
        "enroll": (f"vexe-validator enroll --store ./var/reader --server "
                   f"{ctx.settings.public_base_url} --token {made.enrolment_token}"),
    }


async def seed_issuer_key(ctx: DemoContext) -> None:
    """A ticket issuer key, so readers can download a JWKS before the first sale (embedded default
    only: with VEXE_KEY_ENCRYPTION_KEY set, keys are made with `vexe keys create`)."""
    ring = ctx.runtime.issuer_keys
    if ring is None:
        return
    async with ctx.runtime.unit_of_work() as uow:
        made = await ring.ensure_signing_key(uow.session, ctx.runtime.clock)
        published = await ring.jwks(uow.session, ctx.runtime.clock.now())
    ctx.report["issuer_keys"] = {
        "kids": [k["kid"] for k in published["keys"]],
        "created": made.kid if made is not None else None,
    }


DEMO_STEPS: list[DemoStep] = [seed_admin, seed_fares, seed_rider, seed_reader, seed_issuer_key]
