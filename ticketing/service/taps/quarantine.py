"""Quarantined taps: stored, skipped by processing, visible to operators, re-queued after a fix.

A tap is quarantined when it is implausible at ingest (``plausibility``) or when its processing
raised (``processing`` isolates each tap in a savepoint). Nothing about it is lost: re-queueing
clears the mark, and the next processing run takes the tap again (and quarantines it again if
the cause is still there).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.db.models.taps import Tap, TapException

REASON_CHARS_MAX = 300
REQUEUE_MAX = 500


async def quarantine_tap(session: AsyncSession, tap_id: str, reason: str, at: datetime) -> None:
    """Mark one tap (a statement, not the ORM object: it may be expired by a rolled-back savepoint)."""
    await session.execute(
        sa.update(Tap).where(Tap.tap_id == tap_id)
        .values(quarantined_at=at, quarantine_reason=reason[:REASON_CHARS_MAX])
        .execution_options(synchronize_session=False)
    )


async def list_quarantined(
    session: AsyncSession, *, operator_id: str | None, device_id: str | None, limit: int,
    after: str | None,
) -> list[Tap]:
    query = (sa.select(Tap).where(Tap.quarantined_at.is_not(None))
             .order_by(Tap.tap_id).limit(limit))
    if operator_id is not None:
        query = query.where(Tap.operator_id == operator_id)
    if device_id is not None:
        query = query.where(Tap.device_id == device_id)
    if after is not None:
        query = query.where(Tap.tap_id > after)
    return list((await session.scalars(query)).all())


async def requeue(
    session: AsyncSession, *, operator_id: str | None, tap_ids: Sequence[str] | None = None,
    device_id: str | None = None,
) -> list[str]:
    """Clear the quarantine of the given taps (or of every tap of ``device_id``, or of all) within
    ``operator_id`` when given; answers the ids re-queued. Idempotent."""
    query = sa.select(Tap.tap_id).where(Tap.quarantined_at.is_not(None)).order_by(Tap.tap_id)
    if tap_ids is not None:
        query = query.where(Tap.tap_id.in_(list(tap_ids)))
    if device_id is not None:
        query = query.where(Tap.device_id == device_id)
    if operator_id is not None:
        query = query.where(Tap.operator_id == operator_id)
    ids = list((await session.scalars(query)).all())
    if ids:
        await session.execute(
            sa.update(Tap).where(Tap.tap_id.in_(ids))
            .values(quarantined_at=None, quarantine_reason=None, processed_at=None)
            .execution_options(synchronize_session=False)
        )
    return ids


async def doubtful_tap_counts(session: AsyncSession) -> dict[str, dict[str, int]]:
    """Per operator: ``{"quarantined": {op: n}, "unverifiable": {op: n}}`` (for /metrics)."""
    # Both read small indexed sets, never the whole taps table: quarantined taps by their index,
    # unverifiable ones through their exception rows.
    quarantined = await session.execute(
        sa.select(Tap.operator_id, sa.func.count()).where(Tap.quarantined_at.is_not(None))
        .group_by(Tap.operator_id)
    )
    unverifiable = await session.execute(
        sa.select(TapException.operator_id, sa.func.count())
        .where(TapException.kind == "unverifiable_tap").group_by(TapException.operator_id)
    )
    return {"quarantined": {str(op): int(n) for op, n in quarantined.all()},
            "unverifiable": {str(op): int(n) for op, n in unverifiable.all()}}
