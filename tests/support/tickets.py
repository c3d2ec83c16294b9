"""Shared set-up for the ticket suites: the Hanoi catalogue in force and key rings with each
vault."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from tests.support.env import REPO_ROOT
from ticketing.core.clock import FixedClock
from ticketing.service.fare_catalog import activate_version, import_feed
from ticketing.service.tickets import EncryptedVault, FileVault, IssuerKeyRing

HANOI = REPO_ROOT / "data" / "gtfs" / "hanoi"
TEST_KEK = "test-key-encryption-key-0123456789abcdef"


async def hanoi_in_force(session: AsyncSession, clock: FixedClock) -> None:
    info = await import_feed(session, clock, source=HANOI, imported_by="test")
    await activate_version(
        session,
        clock,
        version_id=info.version_id,
        effective_from=clock.now() - timedelta(days=1),
        activated_by="test",
    )


def encrypted_ring(*, auto_create: bool = False) -> IssuerKeyRing:
    return IssuerKeyRing(EncryptedVault(TEST_KEK), auto_create=auto_create)


def file_ring(data_dir: Path) -> IssuerKeyRing:
    return IssuerKeyRing(FileVault(data_dir / "keys" / "tickets"), auto_create=True)
