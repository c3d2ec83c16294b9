"""Stand-ins for OTHER areas' ports (tickets deny-list/JWKS, ledger) used by device tests.

They hold what those areas would hold, in memory: a versioned deny-list, the issuer JWKS, the
singles marked used and the rides recorded. Our own storage is always the real database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.admission.model import FareTables, KeyRing
from ticketing.admission.ticket_keys import keyring_from_jwks
from ticketing.core.clock import Clock
from ticketing.service.devices.ports import DenylistChange


@dataclass
class StaticSources:
    jwks_doc: dict[str, Any]
    fares: FareTables = field(default_factory=FareTables)
    # (version, ticket_id, added?)
    events: list[tuple[int, str, bool]] = field(default_factory=list)

    def deny(self, ticket_id: str) -> None:
        self.events.append((len(self.events) + 1, ticket_id, True))

    def denied(self) -> set[str]:
        out: set[str] = set()
        for _, ticket_id, added in self.events:
            (out.add if added else out.discard)(ticket_id)
        return out

    async def jwks(self, session: AsyncSession) -> dict[str, Any]:
        return self.jwks_doc

    async def denylist_since(self, session: AsyncSession, version: int) -> DenylistChange:
        added = [t for v, t, a in self.events if v > version and a]
        removed = [t for v, t, a in self.events if v > version and not a]
        return DenylistChange(len(self.events), added, removed, full=version == 0)

    async def fare_tables(self, session: AsyncSession, at: datetime) -> FareTables:
        return self.fares


@dataclass
class RecordingEffects:
    sources: StaticSources
    used: dict[str, str] = field(default_factory=dict)
    rides: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    revoked: list[tuple[str, str]] = field(default_factory=list)

    def keyring(self, jwks: Mapping[str, Any]) -> KeyRing:
        return keyring_from_jwks(jwks)

    async def revoke(
        self, session: AsyncSession, clock: Clock, *, ticket_id: str, reason: str, expires_at: datetime
    ) -> None:
        self.revoked.append((ticket_id, reason))
        self.sources.deny(ticket_id)

    async def mark_used(
        self, session: AsyncSession, clock: Clock, *, ticket_id: str, at: datetime, tap_id: str
    ) -> bool:
        if ticket_id in self.used:
            return False
        self.used[ticket_id] = tap_id
        return True

    async def record_ride(
        self, session: AsyncSession, clock: Clock, *, ride_id: str, ticket_id: str, kind: str,
        operator_id: str, at: datetime,
    ) -> None:
        self.rides.setdefault(ride_id, (ticket_id, kind, operator_id))
