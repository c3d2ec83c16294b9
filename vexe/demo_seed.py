"""What ``vexe demo`` seeds. Each area adds a step; every step is idempotent."""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ticketing.db.models.staff import StaffAccount
from ticketing.runtime import Runtime
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


DEMO_STEPS: list[DemoStep] = [seed_admin]
