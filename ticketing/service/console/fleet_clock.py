"""Clock health of readers, from the taps they uploaded.

A tap's ``scanned_at`` comes from the reader's clock and ``received_at`` from the server's. A
reader cannot scan after the server received the upload, so ``scanned_at - received_at > 0``
means the reader's clock runs ahead by at least that much; that lower bound is reported as skew.
A clock running behind cannot be told apart from upload delay, so the delay is reported too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.db.models.taps import Tap

WINDOW = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ClockHealth:
    ahead_s: int  # the reader's clock is at least this far ahead of the server's (0: not seen)
    max_upload_delay_s: int  # the longest a tap of the window waited on the reader


async def clock_health(session: AsyncSession, device_ids: list[str], now: datetime) -> dict[str, ClockHealth]:
    if not device_ids:
        return {}
    rows = (await session.execute(
        sa.select(Tap.device_id, Tap.scanned_at, Tap.received_at).where(
            Tap.device_id.in_(device_ids), Tap.received_at >= now - WINDOW)
    )).all()
    ahead: dict[str, int] = {}
    delay: dict[str, int] = {}
    for device_id, scanned_at, received_at in rows:
        lead_s = int((scanned_at - received_at).total_seconds())
        ahead[device_id] = max(ahead.get(device_id, 0), lead_s)
        delay[device_id] = max(delay.get(device_id, 0), -lead_s)
    return {d: ClockHealth(max(ahead.get(d, 0), 0), max(delay.get(d, 0), 0)) for d in device_ids}
