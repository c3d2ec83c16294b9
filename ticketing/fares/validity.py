"""When a pass is valid, from its validity kind (x_fare_product_validity.txt) and a start instant."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ticketing.core.clock import require_aware
from ticketing.fares.offers import PassValidity


def pass_window(validity: PassValidity, start: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[valid_from, valid_until) for a pass first used / activated / issued at ``start``.

    ``operating_day``: the local calendar day of ``start``; ``from_activation`` and ``from_issue``:
    ``duration_days`` × 24 h from ``start``; ``calendar_month``: the local calendar month of ``start``.
    """
    local = require_aware(start).astimezone(tz)
    if validity.validity_type == "operating_day":
        day = local.replace(hour=0, minute=0, second=0, microsecond=0)
        following = day.date() + timedelta(days=1)
        return day, datetime(following.year, following.month, following.day, tzinfo=tz)
    if validity.validity_type in ("from_activation", "from_issue"):
        days = validity.duration_days or 1
        return start, start + timedelta(days=days)
    if validity.validity_type == "calendar_month":
        first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        year, month = (first.year + 1, 1) if first.month == 12 else (first.year, first.month + 1)
        return first, first.replace(year=year, month=month)
    raise ValueError(f"unknown validity type {validity.validity_type!r}")
