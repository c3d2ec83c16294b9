"""The device ports implemented by the other areas' services (wired in ``vexe.wiring``).

- snapshot: issuer JWKS and the versioned deny-list from the tickets service, fare tables from
  the fare catalogue in force;
- tap effects: deny-listing, marking singles used (tickets), recording rides (ledger).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.admission.model import FareTables, KeyRing
from ticketing.admission.ticket_keys import keyring_from_jwks
from ticketing.core.clock import Clock
from ticketing.core.errors import DomainError, NotFound
from ticketing.service.devices.fare_tables import fare_tables_in_force
from ticketing.service.devices.ports import DenylistChange
from ticketing.service.ledger.postings import record_ride
from ticketing.service.tickets import denylist as tickets_denylist
from ticketing.service.tickets import keyring as tickets_keyring
from ticketing.service.tickets.lifecycle import mark_used, revoke_ticket

log = logging.getLogger("vexe.taps")
ACTOR = "tap-processing"


class ServiceSnapshotSources:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def jwks(self, session: AsyncSession) -> dict[str, Any]:
        return await tickets_keyring.jwks(session, self._clock.now())

    async def denylist_since(self, session: AsyncSession, version: int) -> DenylistChange:
        delta = await tickets_denylist.denylist_since(session, version)
        return DenylistChange(delta.version, [t for t, _ in delta.added], list(delta.removed),
                              delta.full, list(delta.superseded))

    async def fare_tables(self, session: AsyncSession, at: datetime) -> FareTables:
        return await fare_tables_in_force(session, at)


class ServiceTapEffects:
    def keyring(self, jwks: Mapping[str, Any]) -> KeyRing:
        return keyring_from_jwks(jwks)

    async def revoke(
        self, session: AsyncSession, clock: Clock, *, ticket_id: str, reason: str,
        expires_at: datetime,
    ) -> None:
        try:
            async with session.begin_nested():
                await revoke_ticket(session, clock, ticket_id=ticket_id, reason=reason, actor=ACTOR)
        except NotFound:
            # Not a ticket this server sold (or one already pruned): deny-list the id anyway.
            await tickets_denylist.deny(
                session, clock, ticket_id=ticket_id, expires_at=expires_at, reason=reason, actor=ACTOR
            )

    async def mark_used(
        self, session: AsyncSession, clock: Clock, *, ticket_id: str, at: datetime, tap_id: str
    ) -> bool:
        try:
            async with session.begin_nested():
                return await mark_used(session, clock, ticket_id=ticket_id, at=at, tap_id=tap_id)
        except NotFound:
            log.warning("tap %s names ticket %s that this server did not issue", tap_id, ticket_id)
            return False

    async def record_ride(
        self, session: AsyncSession, clock: Clock, *, ride_id: str, ticket_id: str, kind: str,
        operator_id: str, at: datetime,
    ) -> None:
        ride_kind: Literal["single", "pass"] = "pass" if kind == "pass" else "single"
        try:
            async with session.begin_nested():
                await record_ride(session, clock, ride_id=ride_id, ticket_id=ticket_id,
                                  kind=ride_kind, operator_id=operator_id, at=at)
        except DomainError as exc:
            # A ride of a ticket the ledger does not know (e.g. issued elsewhere) is kept as a
            # tap; the books are not touched.
            log.warning("ride %s of ticket %s not booked: %s", ride_id, ticket_id, exc.code)
