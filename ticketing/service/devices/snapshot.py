"""The snapshot a device downloads: keys, deny-list changes since its version, fare tables, policy."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.admission.model import DeviceContext
from ticketing.admission.snapshot_doc import cccd_to_doc, device_to_doc, fares_to_doc, superseded_to_doc
from ticketing.core.clock import Clock
from ticketing.db.models.devices import Device
from ticketing.service.cccd.snapshot import cccd_list
from ticketing.service.devices.ports import SnapshotSources
from ticketing.service.riders.capped import day_capped_tickets


def device_context(device: Device) -> DeviceContext:
    return DeviceContext(
        device_id=device.device_id,
        operator_id=device.operator_id,
        mode="bus" if device.vehicle_id is not None else "metro",
        stop_id=device.stop_id,
        vehicle_id=device.vehicle_id,
        route_id=device.route_id,
        passback_window_s=device.passback_window_s,
        snapshot_max_age_s=device.snapshot_max_age_s,
        stale_policy="reject" if device.stale_policy == "reject" else "accept_and_flag",
    )


async def snapshot_delta(
    session: AsyncSession,
    clock: Clock,
    sources: SnapshotSources,
    device: Device,
    *,
    since: int,
    fares_version: str | None,
    cccd_secret: bytes | None = None,
) -> dict[str, Any]:
    """The delta since ``since`` (0: everything). Fare tables only when their version changed."""
    now = clock.now()
    deny = await sources.denylist_since(session, since)
    fares = await sources.fare_tables(session, now)
    fares_doc = None if fares_version and fares_version == fares.version else fares_to_doc(fares)
    device.last_snapshot_version = deny.version
    device.last_sync_at = now
    await session.flush()
    denylist: dict[str, Any] = {"full": deny.full or since == 0, "added": deny.added, "removed": deny.removed}
    if deny.superseded:  # omitted when empty: the pre-supersede wire shape, unchanged
        denylist["superseded"] = superseded_to_doc(deny.superseded)
    cards = await cccd_list(session, clock, cccd_secret, deny.version)
    capped = await day_capped_tickets(session, now)
    return {
        "payg_capped": {"day": now.astimezone(ZoneInfo(fares.timezone)).date().isoformat(), "tickets": capped}
        if capped
        else None,
        "cccd": cccd_to_doc(cards) if cards is not None else None,
        "version": deny.version,
        "since": since,
        "server_time": now.isoformat(),
        "keys": await sources.jwks(session),
        "denylist": denylist,
        "fares": fares_doc,
        "device": device_to_doc(device_context(device)),
    }
