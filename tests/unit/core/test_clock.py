from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from ticketing.core.clock import HANOI_TZ, FixedClock, SystemClock, parse_aware, require_aware, to_local


def test_system_clock_is_aware_utc() -> None:
    now = SystemClock().now()
    assert now.tzinfo is not None
    assert now.utcoffset() == timedelta(0)


def test_fixed_clock_moves_only_when_told() -> None:
    start = datetime(2025, 10, 14, 8, 0, tzinfo=HANOI_TZ)
    clock = FixedClock(start)
    assert clock.now() == start
    assert clock.now() == start
    clock.advance(timedelta(minutes=90))
    assert clock.now() == start + timedelta(minutes=90)
    later = datetime(2025, 12, 31, 23, 59, tzinfo=UTC)
    clock.set(later)
    assert clock.now() == later


def test_fixed_clock_refuses_naive_times() -> None:
    with pytest.raises(ValueError, match="naive"):
        FixedClock(datetime(2025, 10, 14, 8, 0))
    clock = FixedClock(datetime(2025, 10, 14, 1, 0, tzinfo=UTC))
    with pytest.raises(ValueError, match="naive"):
        clock.set(datetime(2025, 10, 14, 8, 0))


def test_require_aware() -> None:
    aware = datetime(2025, 1, 1, tzinfo=UTC)
    assert require_aware(aware) is aware
    with pytest.raises(ValueError, match="naive"):
        require_aware(datetime(2025, 1, 1))


@pytest.mark.parametrize(
    ("text", "expected_utc"),
    [
        ("2025-10-14T08:00:00+07:00", datetime(2025, 10, 14, 1, 0, tzinfo=UTC)),
        ("2025-10-14T01:00:00Z", datetime(2025, 10, 14, 1, 0, tzinfo=UTC)),
        ("2025-10-14T01:00:00.250+00:00", datetime(2025, 10, 14, 1, 0, 0, 250000, tzinfo=UTC)),
    ],
)
def test_parse_aware(text: str, expected_utc: datetime) -> None:
    value = parse_aware(text)
    assert value.tzinfo is not None
    assert value == expected_utc


@pytest.mark.parametrize("text", ["2025-10-14T08:00:00", "2025-10-14", "yesterday", ""])
def test_parse_aware_refuses_naive_or_garbage(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - both messages are ValueError by contract
        parse_aware(text)


def test_to_local_is_hanoi_time_without_dst() -> None:
    utc = datetime(2025, 10, 14, 17, 30, tzinfo=UTC)
    local = to_local(utc)
    assert (local.hour, local.minute, local.day) == (0, 30, 15)  # past midnight: the next service day
    assert local.utcoffset() == timedelta(hours=7)
    summer = to_local(datetime(2025, 7, 1, 0, 0, tzinfo=UTC))
    assert summer.utcoffset() == timedelta(hours=7)
    warsaw = to_local(utc, timezone(timedelta(hours=1)))  # type: ignore[arg-type]
    assert warsaw.hour == 18
    with pytest.raises(ValueError, match="naive"):
        to_local(datetime(2025, 10, 14, 8, 0))
