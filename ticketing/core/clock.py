"""Time is an input. Domain code takes a Clock; tests pass a FixedClock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

HANOI_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to. For tests and replays."""

    def __init__(self, at: datetime) -> None:
        require_aware(at)
        self._at = at

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        require_aware(at)
        self._at = at

    def advance(self, delta: timedelta) -> None:
        self._at = self._at + delta


def require_aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime not allowed: {value.isoformat()}")
    return value


def parse_aware(text: str) -> datetime:
    """Parse ISO 8601 with an offset; a naive timestamp is an error, not a guess."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"timestamp needs a UTC offset: {text!r}")
    return value


def to_local(value: datetime, tz: ZoneInfo = HANOI_TZ) -> datetime:
    return require_aware(value).astimezone(tz)
