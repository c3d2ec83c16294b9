"""Fleet view per device: taps held, highest sequence, missing sequence ranges (possibly lost taps),
taps waiting, and the taps that count against the device: unverifiable (failed the evidence rule)
and quarantined (implausible, or their processing raised)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.db.models.devices import Device
from ticketing.db.models.taps import Tap


@dataclass(frozen=True, slots=True)
class DeviceHealth:
    device_id: str
    operator_id: str
    stop_id: str | None
    vehicle_id: str | None
    enrolled: bool
    disabled: bool
    taps_received: int
    last_sequence: int
    sequence_gaps: list[dict[str, int]]
    missing_taps: int
    unprocessed_taps: int
    unverifiable_taps: int
    quarantined_taps: int
    last_sync_at: datetime | None
    last_snapshot_version: int | None

    def as_json(self) -> dict[str, object]:
        return {
            "device_id": self.device_id,
            "operator_id": self.operator_id,
            "stop_id": self.stop_id,
            "vehicle_id": self.vehicle_id,
            "enrolled": self.enrolled,
            "disabled": self.disabled,
            "taps_received": self.taps_received,
            "last_sequence": self.last_sequence,
            "sequence_gaps": self.sequence_gaps,
            "missing_taps": self.missing_taps,
            "unprocessed_taps": self.unprocessed_taps,
            "unverifiable_taps": self.unverifiable_taps,
            "quarantined_taps": self.quarantined_taps,
            "last_sync_at": self.last_sync_at,
            "last_snapshot_version": self.last_snapshot_version,
        }


async def sequence_gaps(session: AsyncSession, device_ids: list[str]) -> dict[str, list[dict[str, int]]]:
    """Missing ranges ``{"first", "last"}`` in each device's sequence numbers (1-based)."""
    if not device_ids:
        return {}
    prev = sa.func.lag(Tap.sequence, 1, 0).over(partition_by=Tap.device_id, order_by=Tap.sequence)
    inner = (
        sa.select(Tap.device_id, Tap.sequence, prev.label("prev"))
        .where(Tap.device_id.in_(device_ids))
        .subquery()
    )
    rows = await session.execute(
        sa.select(inner.c.device_id, inner.c.prev, inner.c.sequence)
        .where(inner.c.sequence > inner.c.prev + 1)
        .order_by(inner.c.device_id, inner.c.sequence)
    )
    gaps: dict[str, list[dict[str, int]]] = {d: [] for d in device_ids}
    for device_id, before, after in rows.all():
        gaps[device_id].append({"first": int(before) + 1, "last": int(after) - 1})
    return gaps


async def _count_where(
    session: AsyncSession, ids: list[str], *conditions: sa.ColumnElement[bool]
) -> dict[str, int]:
    if not ids:
        return {}
    rows = await session.execute(
        sa.select(Tap.device_id, sa.func.count())
        .where(Tap.device_id.in_(ids), *conditions)
        .group_by(Tap.device_id)
    )
    return {device_id: int(n) for device_id, n in rows.all()}


async def fleet_status(
    session: AsyncSession,
    *,
    operator_id: str | None,
    limit: int,
    after: str | None,
    device_id: str | None = None,
) -> list[DeviceHealth]:
    query = sa.select(Device).order_by(Device.device_id).limit(limit)
    if device_id is not None:
        query = query.where(Device.device_id == device_id)
    if operator_id is not None:
        query = query.where(Device.operator_id == operator_id)
    if after is not None:
        query = query.where(Device.device_id > after)
    devices = list((await session.scalars(query)).all())
    ids = [d.device_id for d in devices]
    counts = {
        device_id: (int(n), int(top or 0))
        for device_id, n, top in (
            await session.execute(
                sa.select(Tap.device_id, sa.func.count(), sa.func.max(Tap.sequence))
                .where(Tap.device_id.in_(ids))
                .group_by(Tap.device_id)
            )
        ).all()
    } if ids else {}
    gaps = await sequence_gaps(session, ids)
    unprocessed = await _count_where(session, ids, Tap.processed_at.is_(None),
                                     Tap.quarantined_at.is_(None))
    unverifiable = await _count_where(session, ids, Tap.unverifiable_reason.is_not(None))
    quarantined = await _count_where(session, ids, Tap.quarantined_at.is_not(None))
    out = []
    for d in devices:
        n, top = counts.get(d.device_id, (0, 0))
        out.append(DeviceHealth(
            device_id=d.device_id, operator_id=d.operator_id, stop_id=d.stop_id,
            vehicle_id=d.vehicle_id, enrolled=d.enrolled_at is not None,
            disabled=d.disabled_at is not None, taps_received=n,
            last_sequence=top, sequence_gaps=gaps.get(d.device_id, []), missing_taps=top - n,
            unprocessed_taps=unprocessed.get(d.device_id, 0),
            unverifiable_taps=unverifiable.get(d.device_id, 0),
            quarantined_taps=quarantined.get(d.device_id, 0),
            last_sync_at=d.last_sync_at, last_snapshot_version=d.last_snapshot_version,
        ))
    return out
