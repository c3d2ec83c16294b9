"""The server's own view for judging taps: every reader's taps of a ticket, and a snapshot of the
issuer keys, deny-list and fare tables as they are now."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.admission import PriorTap, Snapshot
from ticketing.core.clock import Clock
from ticketing.db.models.taps import Tap
from ticketing.service.devices.ports import SnapshotSources, TapEffects


class ServerJournal:
    """Every reader's accepted taps of a ticket, scanned before the tap being judged."""

    def __init__(self, taps: list[Tap], before: Tap, stations: dict[str, str]) -> None:
        self._prior = [
            PriorTap(t.tap_id, t.scanned_at, "out" if t.direction == "out" else "in", t.device_id,
                     stations.get(t.stop_id, t.stop_id) if t.stop_id else None, t.vehicle_id)
            for t in taps
            if t.tap_id != before.tap_id
            and (t.scanned_at, t.tap_id) < (before.scanned_at, before.tap_id)
        ]

    def accepted_taps(self, ticket_id: str) -> list[PriorTap]:
        return self._prior


async def server_snapshot(
    session: AsyncSession, clock: Clock, sources: SnapshotSources, effects: TapEffects
) -> Snapshot:
    deny = await sources.denylist_since(session, 0)
    return Snapshot(
        version=deny.version,
        taken_at=clock.now(),
        keys=effects.keyring(await sources.jwks(session)),
        denylist=frozenset(deny.added) - frozenset(deny.removed),
        fares=await sources.fare_tables(session, clock.now()),
        superseded={t: (start, end) for t, start, end in deny.superseded},
    )
