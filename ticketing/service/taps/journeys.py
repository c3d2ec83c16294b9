"""Journeys from taps: tap-in/tap-out at metro gates, boarding/alighting on buses.

Matched by ticket and, for buses, by vehicle, in time order — never by route label. An entry
without its exit stays an incomplete journey (charged the product's policy fare) and is completed
when the missing tap arrives, whatever the order the readers synced in.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.ids import new_ulid
from ticketing.db.models.taps import Journey, Tap

MAX_TRIP = timedelta(hours=4)


async def _close(journey: Journey, exit_tap: Tap) -> None:
    journey.out_tap_id = exit_tap.tap_id
    journey.to_stop_id = exit_tap.stop_id
    journey.ended_at = exit_tap.scanned_at
    journey.complete = True


async def _unmatched_exit(session: AsyncSession, entry: Tap) -> Tap | None:
    query = (
        sa.select(Tap)
        .where(
            Tap.ticket_id == entry.ticket_id,
            Tap.scanned_at >= entry.scanned_at,
            Tap.scanned_at <= entry.scanned_at + MAX_TRIP,
            Tap.accepted.is_(True),
            Tap.unverifiable_reason.is_(None),
            Tap.quarantined_at.is_(None),
        )
        .order_by(Tap.scanned_at, Tap.tap_id)
    )
    for tap in (await session.scalars(query)).all():
        if tap.tap_id == entry.tap_id:
            continue
        if tap.direction == "in":
            return None  # a later entry claims any exit after it
        if entry.vehicle_id is not None and tap.vehicle_id != entry.vehicle_id:
            continue
        taken = await session.scalar(sa.select(Journey.journey_id).where(Journey.out_tap_id == tap.tap_id))
        if taken is None:
            return tap
    return None


async def record_entry(session: AsyncSession, tap: Tap) -> Journey:
    existing = await session.scalar(sa.select(Journey).where(Journey.in_tap_id == tap.tap_id))
    if existing is not None:
        return existing
    assert tap.ticket_id is not None
    journey = Journey(
        journey_id=new_ulid(tap.scanned_at),
        ticket_id=tap.ticket_id,
        mode="bus" if tap.vehicle_id is not None else "metro",
        operator_id=tap.operator_id,
        vehicle_id=tap.vehicle_id,
        route_id=tap.route_id,
        in_tap_id=tap.tap_id,
        out_tap_id=None,
        from_stop_id=tap.stop_id,
        to_stop_id=None,
        started_at=tap.scanned_at,
        ended_at=None,
        complete=False,
    )
    session.add(journey)
    exit_tap = await _unmatched_exit(session, tap)
    if exit_tap is not None:
        await _close(journey, exit_tap)
    await session.flush()
    return journey


async def record_exit(session: AsyncSession, tap: Tap) -> Journey | None:
    """Close the latest open journey of the ticket before this exit, if its entry is known yet."""
    if await session.scalar(sa.select(Journey).where(Journey.out_tap_id == tap.tap_id)) is not None:
        return None
    query = (
        sa.select(Journey)
        .where(
            Journey.ticket_id == tap.ticket_id,
            Journey.out_tap_id.is_(None),
            Journey.started_at <= tap.scanned_at,
            Journey.started_at >= tap.scanned_at - MAX_TRIP,
        )
        .order_by(Journey.started_at.desc())
        .limit(1)
    )
    if tap.vehicle_id is not None:
        query = query.where(Journey.vehicle_id == tap.vehicle_id)
    journey: Journey | None = await session.scalar(query)
    if journey is None:
        return None
    await _close(journey, tap)
    await session.flush()
    return journey
