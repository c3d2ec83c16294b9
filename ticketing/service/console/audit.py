"""The staff audit log: one function records every staff action (console or operator API)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.ids import new_ulid
from ticketing.db.models.console import StaffAuditEntry


@dataclass(frozen=True, slots=True)
class AuditRecord:
    id: str
    at: datetime
    staff_id: str | None
    username: str | None
    operator_id: str | None
    channel: str
    action: str
    method: str
    path: str
    status: int
    client_ip: str | None
    detail: str


async def record_staff_action(
    session: AsyncSession, clock: Clock, *, staff_id: str | None, username: str | None,
    operator_id: str | None, channel: str, action: str, method: str, path: str, status: int,
    client_ip: str | None, detail: str = "",
) -> None:
    """Append one entry (never updated or deleted)."""
    now = clock.now()
    session.add(StaffAuditEntry(
        id=new_ulid(now), at=now, staff_id=staff_id, username=(username or None) and username[:120],
        operator_id=operator_id, channel=channel[:8], action=action[:64], method=method[:8],
        path=path[:300], status=status, client_ip=(client_ip or None) and client_ip[:64],
        detail=detail[:500],
    ))
    await session.flush()


async def list_audit(
    session: AsyncSession, *, limit: int, before: str | None = None, staff_id: str | None = None
) -> list[AuditRecord]:
    """Newest first; ``before`` is the last id of the previous page."""
    a = StaffAuditEntry
    query = sa.select(a).order_by(a.id.desc()).limit(limit)
    if before is not None:
        query = query.where(a.id < before)
    if staff_id is not None:
        query = query.where(a.staff_id == staff_id)
    return [
        AuditRecord(r.id, r.at, r.staff_id, r.username, r.operator_id, r.channel, r.action, r.method,
                    r.path, r.status, r.client_ip, r.detail)
        for r in await session.scalars(query)
    ]
