"""What the device and tap services need from other areas, as ports wired by the composition root.

- ``SnapshotSources``: issuer keys (JWKS), deny-list changes, the fare tables in force.
- ``TapEffects``: deny-listing a ticket, marking a single used, recording a ride in the ledger,
  and turning a JWKS into a key ring for server-side admission.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.admission.model import FareTables, KeyRing
from ticketing.core.clock import Clock


@dataclass(frozen=True, slots=True)
class DenylistChange:
    version: int
    added: list[str]
    removed: list[str]
    full: bool = False
    # (ticket_id, valid_from, valid_until): only the code with that window is admitted.
    superseded: list[tuple[str, datetime, datetime]] = field(default_factory=list)


class SnapshotSources(Protocol):
    async def jwks(self, session: AsyncSession) -> dict[str, Any]: ...

    async def denylist_since(self, session: AsyncSession, version: int) -> DenylistChange: ...

    async def fare_tables(self, session: AsyncSession, at: datetime) -> FareTables: ...


class TapEffects(Protocol):
    def keyring(self, jwks: Mapping[str, Any]) -> KeyRing: ...

    async def revoke(
        self, session: AsyncSession, clock: Clock, *, ticket_id: str, reason: str,
        expires_at: datetime,
    ) -> None: ...

    async def mark_used(
        self, session: AsyncSession, clock: Clock, *, ticket_id: str, at: datetime, tap_id: str
    ) -> bool: ...

    async def record_ride(
        self, session: AsyncSession, clock: Clock, *, ride_id: str, ticket_id: str, kind: str,
        operator_id: str, at: datetime,
    ) -> None: ...

