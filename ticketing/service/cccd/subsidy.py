"""The city's subsidy report: CCCD free rides counted per rider category, operator and day.

Only rides whose salted hash matched a registered card (``verified``) are counted; unmatched CCCD
taps are reported apart (``unverified``) and never claimed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.db.models.cccd import CccdRide


@dataclass(frozen=True, slots=True)
class FreeRideCount:
    service_day: date
    operator_id: str
    rider_category_id: str  # "unverified" for taps that matched no registered card
    rides: int


async def free_rides_by_category(
    session: AsyncSession, *, operator_id: str, service_day: date
) -> dict[str, int]:
    rows = await session.execute(
        sa.select(CccdRide.rider_category_id, sa.func.count())
        .where(
            CccdRide.operator_id == operator_id,
            CccdRide.service_day == service_day,
            CccdRide.verified.is_(True),
        )
        .group_by(CccdRide.rider_category_id)
    )
    return {str(category): int(count) for category, count in rows.all()}


async def free_ride_counts(session: AsyncSession, *, first_day: date, last_day: date) -> list[FreeRideCount]:
    """Every (day, operator, category) with rides, days inclusive, in that order."""
    category = sa.func.coalesce(CccdRide.rider_category_id, "unverified")
    rows = await session.execute(
        sa.select(CccdRide.service_day, CccdRide.operator_id, category, sa.func.count())
        .where(CccdRide.service_day >= first_day, CccdRide.service_day <= last_day)
        .group_by(CccdRide.service_day, CccdRide.operator_id, category)
        .order_by(CccdRide.service_day, CccdRide.operator_id, category)
    )
    return [FreeRideCount(day, op, str(cat), int(n)) for day, op, cat, n in rows.all()]


def subsidy_csv(counts: list[FreeRideCount]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["service_day", "operator_id", "rider_category_id", "free_rides"])
    for c in counts:
        writer.writerow([c.service_day.isoformat(), c.operator_id, c.rider_category_id, c.rides])
    return out.getvalue()
