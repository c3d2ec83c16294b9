"""One page shape for every list: ``{"items": [...], "next": <cursor or null>}``.

Short, stable lists page by position; their cursor is the offset written as text. Lists that grow
while being read page by key and build their own cursor next to their query.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from ticketing.core.errors import InvalidInput

CURSOR_DESCRIPTION = "The `next` of the previous page; omit for the first page"
Cursor = Annotated[str | None, Query(max_length=16, description=CURSOR_DESCRIPTION)]


def parse_offset(cursor: str | None) -> int:
    if cursor is None:
        return 0
    if not cursor.isdigit() or len(cursor) > 7:
        raise InvalidInput("cursor_invalid", "the page cursor is not one this API returned")
    return int(cursor)


def next_cursor(offset: int, limit: int, fetched: int) -> str | None:
    """The next page's cursor when ``fetched`` (rows read with ``limit + 1``) shows there is one."""
    return str(offset + limit) if fetched > limit else None
