"""Reviewing tap exceptions: filter them, see the ticket's taps on a timeline, resolve with a note.

Scope: ``operator_id`` (an operator account's agency) limits every read and write; an exception
of another operator is reported as not found, exactly like an unknown id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import Conflict, InvalidInput, NotFound
from ticketing.db.models.console import TapExceptionResolution
from ticketing.db.models.taps import Tap, TapException

NOTE_MAX_CHARS = 500


@dataclass(frozen=True, slots=True)
class ReviewedException:
    exception: TapException
    resolved_at: datetime | None
    resolved_by: str | None
    note: str | None


@dataclass(frozen=True, slots=True)
class TimelineTap:
    tap_id: str
    scanned_at: datetime
    device_id: str
    operator_id: str
    direction: str
    stop_id: str | None
    accepted: bool
    reason: str


async def list_reviewed(
    session: AsyncSession, *, operator_id: str | None, kind: str | None = None,
    resolved: bool | None = None, limit: int = 100, before: str | None = None,
) -> list[ReviewedException]:
    """Newest first."""
    e, r = TapException, TapExceptionResolution
    query = sa.select(e, r).outerjoin(r, r.exception_id == e.exception_id).order_by(
        e.exception_id.desc()).limit(limit)
    if operator_id is not None:
        query = query.where(e.operator_id == operator_id)
    if kind:
        query = query.where(e.kind == kind)
    if resolved is True:
        query = query.where(r.exception_id.is_not(None))
    elif resolved is False:
        query = query.where(r.exception_id.is_(None))
    if before is not None:
        query = query.where(e.exception_id < before)
    return [
        ReviewedException(ex, res.resolved_at if res else None, res.resolved_by if res else None,
                          res.note if res else None)
        for ex, res in (await session.execute(query)).all()
    ]


async def get_reviewed(
    session: AsyncSession, exception_id: str, *, operator_id: str | None
) -> ReviewedException:
    row = await session.get(TapException, exception_id)
    if row is None or (operator_id is not None and row.operator_id != operator_id):
        raise NotFound("exception_not_found", f"no tap exception {exception_id!r}")
    res = await session.get(TapExceptionResolution, exception_id)
    return ReviewedException(row, res.resolved_at if res else None, res.resolved_by if res else None,
                             res.note if res else None)


async def ticket_timeline(
    session: AsyncSession, ticket_id: str, *, operator_id: str | None, limit: int = 200
) -> list[TimelineTap]:
    """The ticket's taps in scan order (an operator sees only taps on its own readers)."""
    query = sa.select(Tap).where(Tap.ticket_id == ticket_id).order_by(Tap.scanned_at, Tap.tap_id).limit(limit)
    if operator_id is not None:
        query = query.where(Tap.operator_id == operator_id)
    return [
        TimelineTap(t.tap_id, t.scanned_at, t.device_id, t.operator_id, t.direction, t.stop_id,
                    t.accepted, t.reason)
        for t in await session.scalars(query)
    ]


async def resolve_exception(
    session: AsyncSession, clock: Clock, exception_id: str, *, operator_id: str | None,
    resolved_by: str, note: str,
) -> ReviewedException:
    note = note.strip()
    if not note:
        raise InvalidInput("note_required", "a resolution needs a note")
    if len(note) > NOTE_MAX_CHARS:
        raise InvalidInput("note_too_long", f"a note holds at most {NOTE_MAX_CHARS} characters")
    found = await get_reviewed(session, exception_id, operator_id=operator_id)
    if found.resolved_at is not None:
        raise Conflict("exception_resolved", f"tap exception {exception_id} is already resolved")
    session.add(TapExceptionResolution(exception_id=exception_id, resolved_at=clock.now(),
                                       resolved_by=resolved_by[:120], note=note))
    await session.flush()
    return await get_reviewed(session, exception_id, operator_id=operator_id)
