"""Dialect-specific statement helpers every storage-using service shares, chosen in one place:
the table behind a model, an INSERT with ``on_conflict_do_nothing`` on PostgreSQL and SQLite,
and the row count of a write."""

from __future__ import annotations

from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession


def table_of(model: Any) -> sa.Table:
    return cast(sa.Table, model.__table__)


def upsert_insert(session: AsyncSession, table: sa.Table) -> Any:
    """An INSERT that supports ``on_conflict_do_nothing`` on PostgreSQL and SQLite."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise RuntimeError(f"unsupported database {dialect}")


async def execute_count(session: AsyncSession, statement: Any) -> int:
    """Run an INSERT/UPDATE and return how many rows it touched."""
    result = cast(CursorResult[Any], await session.execute(statement))
    return int(result.rowcount)
