"""Storing a device's tap batch: atomic, idempotent by tap id, answering the highest sequence held.

Implausible taps (``ticketing.service.taps.plausibility``) are stored quarantined, with the
reason: the batch is still acknowledged, and processing skips them until re-queued."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import Conflict
from ticketing.db.models.devices import Device
from ticketing.db.models.taps import Tap
from ticketing.service.taps.batch import TapIn
from ticketing.service.taps.plausibility import implausible


@dataclass(frozen=True, slots=True)
class IngestResult:
    received: int
    stored: int
    duplicates: int
    acked_through: int
    quarantined: int = 0

    def as_json(self) -> dict[str, int]:
        return {"received": self.received, "stored": self.stored, "duplicates": self.duplicates,
                "acked_through": self.acked_through, "quarantined": self.quarantined}


def _same(existing: Any, tap: TapIn, device_id: str) -> bool:
    return bool(
        existing.device_id == device_id
        and existing.sequence == tap.sequence
        and existing.accepted == tap.accepted
        and existing.reason == tap.reason
        and existing.ticket_id == tap.ticket_id
        and existing.scanned_at == tap.scanned_at
    )


async def insert_taps_ignoring_duplicates(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """The one dialect-aware insert: ``ON CONFLICT (tap_id) DO NOTHING`` on both databases."""
    if not rows:
        return
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(Tap).on_conflict_do_nothing(index_elements=["tap_id"])
    await session.execute(stmt, rows)


async def ingest_batch(
    session: AsyncSession, clock: Clock, device: Device, taps: list[TapIn]
) -> IngestResult:
    now = clock.now()
    ids = [t.tap_id for t in taps]
    existing = {
        row.tap_id: row
        for row in (
            await session.execute(
                sa.select(Tap.tap_id, Tap.device_id, Tap.sequence, Tap.accepted, Tap.reason,
                          Tap.ticket_id, Tap.scanned_at).where(Tap.tap_id.in_(ids))
            )
        ).all()
    }
    held_seq = {
        seq: tap_id
        for seq, tap_id in (
            await session.execute(
                sa.select(Tap.sequence, Tap.tap_id).where(
                    Tap.device_id == device.device_id,
                    Tap.sequence.in_([t.sequence for t in taps]),
                )
            )
        ).all()
    }
    rows: list[dict[str, Any]] = []
    for index, tap in enumerate(taps):
        found = existing.get(tap.tap_id)
        if found is not None:
            if not _same(found, tap, device.device_id):
                raise Conflict(
                    "tap_conflict",
                    f"taps[{index}] ({tap.tap_id}): a different tap with this id is held",
                    tap_index=index, tap_id=tap.tap_id,
                )
            continue
        if tap.sequence in held_seq:
            raise Conflict(
                "sequence_conflict",
                f"taps[{index}] ({tap.tap_id}): sequence {tap.sequence} is held by "
                f"tap {held_seq[tap.sequence]}",
                tap_index=index, tap_id=tap.tap_id,
            )
        doubt = implausible(tap.scanned_at, now, device)
        rows.append({
            "tap_id": tap.tap_id, "device_id": device.device_id, "sequence": tap.sequence,
            "operator_id": device.operator_id, "scanned_at": tap.scanned_at, "received_at": now,
            "direction": tap.direction, "stop_id": tap.stop_id, "route_id": tap.route_id,
            "vehicle_id": tap.vehicle_id, "ticket_id": tap.ticket_id,
            "fare_product_id": tap.fare_product_id, "ticket_kind": tap.ticket_kind,
            "accepted": tap.accepted, "reason": tap.reason, "flags": ",".join(tap.flags),
            "snapshot_version": tap.snapshot_version, "code": tap.code,
            "code_sha256": tap.code_sha256, "processed_at": None,
            "quarantined_at": now if doubt else None, "quarantine_reason": doubt,
            "unverifiable_reason": None,
        })
    await insert_taps_ignoring_duplicates(session, rows)
    device.last_sync_at = now
    await session.flush()
    highest = await session.scalar(
        sa.select(sa.func.max(Tap.sequence)).where(Tap.device_id == device.device_id)
    )
    quarantined = sum(1 for row in rows if row["quarantined_at"] is not None)
    return IngestResult(len(taps), len(rows), len(taps) - len(rows), int(highest or 0), quarantined)
