"""Service days: a local calendar date as a UTC half-open window."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ticketing.core.clock import HANOI_TZ


def day_window(service_date: date, tz: ZoneInfo = HANOI_TZ) -> tuple[datetime, datetime]:
    start = datetime.combine(service_date, time(0), tzinfo=tz)
    end = datetime.combine(service_date + timedelta(days=1), time(0), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)
