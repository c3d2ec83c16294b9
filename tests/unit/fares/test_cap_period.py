"""cap_period: the one rule for cap periods, shared by the engine and the rider's caps progress."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ticketing.core.clock import HANOI_TZ
from ticketing.fares.caps import cap_period
from ticketing.fares.model import CapScope, FareCap


def cap(period: str) -> FareCap:
    return FareCap("c", "Cap", period, 20000, "VND", None, None, (CapScope(None, None),), 2)


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=HANOI_TZ)


def test_day_is_the_local_calendar_day() -> None:
    at = datetime(2025, 10, 14, 17, 30, tzinfo=UTC)  # 00:30 on the 15th in Hanoi
    period = cap_period(cap("day"), at, HANOI_TZ)
    assert (period.start, period.end) == (local("2025-10-15T00:00"), local("2025-10-16T00:00"))
    assert period.contains(local("2025-10-15T00:00"))
    assert period.contains(local("2025-10-15T23:59:59"))
    assert not period.contains(local("2025-10-16T00:00"))
    assert not period.contains(local("2025-10-14T23:59"))


def test_month_calendar_crosses_the_year() -> None:
    period = cap_period(cap("month_calendar"), local("2025-12-31T23:00"), HANOI_TZ)
    assert (period.start, period.end) == (local("2025-12-01T00:00"), local("2026-01-01T00:00"))
    february = cap_period(cap("month_calendar"), local("2028-02-29T12:00"), HANOI_TZ)
    assert february.end - february.start == timedelta(days=29)


def test_rolling_week_ends_at_the_instant_and_excludes_its_start() -> None:
    at = local("2025-10-14T18:00")
    period = cap_period(cap("week_rolling"), at, HANOI_TZ)
    assert (period.start, period.end) == (at - timedelta(days=7), at)
    assert period.contains(at)
    assert not period.contains(at - timedelta(days=7))
    assert period.contains(at - timedelta(days=7) + timedelta(seconds=1))
    assert not period.contains(at + timedelta(seconds=1))


def test_unknown_period_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown cap period"):
        cap_period(cap("fortnight"), local("2025-10-14T18:00"), HANOI_TZ)
