"""Service days: a local calendar date of the network as a UTC half-open window."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.service.network_zone import network_zone


def day_window(service_date: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(service_date, time(0), tzinfo=tz)
    end = datetime.combine(service_date + timedelta(days=1), time(0), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


async def day_zone(session: AsyncSession, service_date: date, tz: ZoneInfo | None) -> ZoneInfo:
    """``tz`` when given, else the zone of the feed in force on that day (its agency_timezone)."""
    if tz is not None:
        return tz
    return await network_zone(session, datetime.combine(service_date, time(12), tzinfo=UTC))
