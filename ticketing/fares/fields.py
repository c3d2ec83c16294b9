"""Field parsing for one CSV row; every problem is reported with file, line and field."""

from __future__ import annotations

from collections.abc import Container
from datetime import date

from ticketing.fares.problems import ProblemSink
from ticketing.fares.source import Row, Table


class Fields:
    """Reads typed values from one row, reporting problems instead of raising."""

    __slots__ = ("file", "row", "sink")

    def __init__(self, sink: ProblemSink, table: Table, row: Row) -> None:
        self.sink = sink
        self.file = table.name
        self.row = row

    @property
    def line(self) -> int:
        return self.row.line

    def error(self, field_name: str, message: str) -> None:
        self.sink.error(self.file, self.row.line, field_name, message)

    def warn(self, field_name: str, message: str) -> None:
        self.sink.warn(self.file, self.row.line, field_name, message)

    def opt(self, name: str) -> str | None:
        value = self.row.get(name)
        return value or None

    def req(self, name: str) -> str | None:
        value = self.row.get(name)
        if not value:
            self.error(name, "required field is missing")
            return None
        return value

    def integer(
        self,
        name: str,
        *,
        required: bool = False,
        allowed: Container[int] | None = None,
        minimum: int | None = None,
    ) -> int | None:
        raw = self.req(name) if required else self.opt(name)
        if raw is None:
            return None
        try:
            value = int(raw)
        except ValueError:
            self.error(name, f"not an integer: {raw!r}")
            return None
        if allowed is not None and value not in allowed:
            self.error(name, f"value {value} is not allowed")
            return None
        if minimum is not None and value < minimum:
            self.error(name, f"must be at least {minimum}, got {value}")
            return None
        return value

    def number(
        self, name: str, *, minimum: float | None = None, maximum: float | None = None
    ) -> float | None:
        """An optional finite decimal number (distances, coordinates)."""
        raw = self.opt(name)
        if raw is None:
            return None
        try:
            value = float(raw)
        except ValueError:
            self.error(name, f"not a number: {raw!r}")
            return None
        if value != value or value in (float("inf"), float("-inf")):
            self.error(name, f"not a finite number: {raw!r}")
            return None
        if minimum is not None and value < minimum:
            self.error(name, f"must be at least {minimum:g}, got {raw}")
            return None
        if maximum is not None and value > maximum:
            self.error(name, f"must be at most {maximum:g}, got {raw}")
            return None
        return value

    def day(self, name: str, *, required: bool = True) -> date | None:
        raw = self.req(name) if required else self.opt(name)
        if raw is None:
            return None
        if len(raw) != 8 or not raw.isdigit():
            self.error(name, f"not a YYYYMMDD date: {raw!r}")
            return None
        try:
            return date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
        except ValueError:
            self.error(name, f"not a valid date: {raw!r}")
            return None

    def local_time(self, name: str) -> int | None:
        """A *Local time* (HH:MM:SS, at most 24:00:00) as seconds after midnight."""
        raw = self.opt(name)
        if raw is None:
            return None
        parts = raw.split(":")
        if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[1]) != 2 or len(parts[2]) != 2:
            self.error(name, f"not a HH:MM:SS time: {raw!r}")
            return None
        h, m, s = (int(p) for p in parts)
        if m > 59 or s > 59:
            self.error(name, f"not a valid time: {raw!r}")
            return None
        seconds = h * 3600 + m * 60 + s
        if seconds > 86400:
            self.error(name, f"local time after 24:00:00 is not allowed: {raw!r}")
            return None
        return seconds

    def ref(self, name: str, known: Container[str], what: str, *, required: bool = False) -> str | None:
        value = self.req(name) if required else self.opt(name)
        if value is not None and value not in known:
            self.error(name, f"unknown {what} {value!r}")
            return None
        return value


def require_columns(sink: ProblemSink, table: Table, *columns: str) -> bool:
    """Report missing required columns on the header line; True when all are there."""
    ok = True
    for column in columns:
        if not table.has(column):
            sink.error(table.name, 1, column, "required column is missing")
            ok = False
    return ok


def check_unique(seen: dict[object, int], key: object, fields: Fields, field_name: str) -> bool:
    """Duplicate primary key check; reports the first line that used the key."""
    first = seen.get(key)
    if first is not None:
        fields.error(field_name, f"duplicate primary key {key!r} (first on line {first})")
        return False
    seen[key] = fields.line
    return True
