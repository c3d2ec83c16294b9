"""Offset cursors for short, stable lists (catalogue); keyset cursors live with their queries."""

from __future__ import annotations

from ticketing.core.errors import InvalidInput


def parse_offset(cursor: str | None) -> int:
    if cursor is None:
        return 0
    if not cursor.isdigit() or len(cursor) > 6:
        raise InvalidInput("cursor_invalid", "the page cursor is not one this API returned")
    return int(cursor)


def next_offset(offset: int, limit: int, total: int) -> str | None:
    return str(offset + limit) if offset + limit < total else None
