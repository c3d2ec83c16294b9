"""Keyset pagination over ULID-keyed rows, newest first."""

from __future__ import annotations

from ticketing.core.errors import InvalidInput
from ticketing.core.ids import is_ulid


def check_cursor(cursor: str | None) -> str | None:
    if cursor is None:
        return None
    if not is_ulid(cursor):
        raise InvalidInput("cursor_invalid", "the page cursor is not one this API returned")
    return cursor
