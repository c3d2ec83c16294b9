"""The versioned deny-list of ticket ids, with delta queries for readers.

Every add or removal bumps one counter row (``UPDATE … RETURNING``). Writers hold that row lock
until they commit, so versions are handed out in commit order and a reader that saw version V
never misses a change numbered at or below V. Entries are pruned once the ticket's validity (plus
a grace for reader clock skew) has ended: an expired ticket is refused without the list.

An entry is either a full deny (refund, revocation: every code of the ticket is refused) or a
supersede (``supersede``: the ticket was re-signed, e.g. a pass activated in the app; only the code
with the current window is admitted, every earlier code of the same ticket id is refused). A full
deny of a superseded ticket replaces the supersede entry with a new version.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.db.models.tickets import DenylistChange, DenylistEntry, DenylistState, Ticket

PRUNE_GRACE = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class DenylistDelta:
    version: int
    added: list[tuple[str, datetime]]  # (ticket_id, expires_at)
    removed: list[str]
    # True when ``added`` is the whole list (since=0, or a reader ahead of the server): replace, not merge.
    full: bool = False
    # Supersede entries (ticket_id, current valid_from, current valid_until): only that window admitted.
    superseded: list[tuple[str, datetime, datetime]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DenylistItem:
    ticket_id: str
    added_version: int
    expires_at: datetime
    reason: str
    actor: str
    added_at: datetime
    # A supersede entry: the only window still admitted (None on a full deny).
    current_window: tuple[datetime, datetime] | None = None


async def _next_version(session: AsyncSession) -> int:
    version = await session.scalar(
        update(DenylistState)
        .where(DenylistState.id == 1)
        .values(version=DenylistState.version + 1)
        .returning(DenylistState.version)
    )
    if version is None:  # pragma: no cover - the migration inserts the row
        raise RuntimeError("ticket_denylist_state row is missing")
    return int(version)


async def current_version(session: AsyncSession) -> int:
    return int(await session.scalar(select(DenylistState.version).where(DenylistState.id == 1)) or 0)


async def deny(
    session: AsyncSession, clock: Clock, *, ticket_id: str, expires_at: datetime, reason: str, actor: str
) -> int:
    """Refuse every code of ``ticket_id`` (idempotent: a full entry already there keeps its version;
    a supersede entry is replaced by a full one). Returns the entry's version."""
    return await _add(session, clock, ticket_id, expires_at, reason, actor, None)


async def supersede(
    session: AsyncSession,
    clock: Clock,
    *,
    ticket_id: str,
    valid_from: datetime,
    valid_until: datetime,
    expires_at: datetime,
    reason: str,
    actor: str,
) -> int:
    """Admit only the code of ``ticket_id`` whose window is exactly [valid_from, valid_until);
    earlier codes of the ticket are refused until ``expires_at`` (the end of the longest of them).
    Idempotent; an existing entry (full or supersede) is kept. Returns the entry's version."""
    return await _add(session, clock, ticket_id, expires_at, reason, actor, (valid_from, valid_until))


async def _add(
    session: AsyncSession,
    clock: Clock,
    ticket_id: str,
    expires_at: datetime,
    reason: str,
    actor: str,
    window: tuple[datetime, datetime] | None,
) -> int:
    existing = await session.get(DenylistEntry, ticket_id)
    if existing is not None and (window is not None or existing.current_valid_from is None):
        return existing.added_version
    version = await _next_version(session)  # takes the writers' lock; then look again
    existing = await session.scalar(
        select(DenylistEntry)
        .where(DenylistEntry.ticket_id == ticket_id)
        .execution_options(populate_existing=True)
    )
    if existing is not None and (window is not None or existing.current_valid_from is None):
        return existing.added_version
    now = clock.now()
    start, end = window if window is not None else (None, None)
    if existing is not None:  # a full deny replaces a supersede entry
        expires_at = max(expires_at, existing.expires_at)
        existing.added_version, existing.expires_at = version, expires_at
        existing.reason, existing.actor, existing.added_at = reason[:500], actor[:120], now
        existing.current_valid_from = existing.current_valid_until = None
    else:
        session.add(
            DenylistEntry(
                ticket_id=ticket_id,
                added_version=version,
                expires_at=expires_at,
                reason=reason[:500],
                actor=actor[:120],
                added_at=now,
                current_valid_from=start,
                current_valid_until=end,
            )
        )
    session.add(
        DenylistChange(
            version=version, ticket_id=ticket_id, op="add", expires_at=expires_at, at=now,
            current_valid_from=start, current_valid_until=end,
        )
    )
    await session.flush()
    return version


async def prune_denylist(session: AsyncSession, clock: Clock, *, grace: timedelta = PRUNE_GRACE) -> list[str]:
    """Remove entries whose ticket validity ended more than ``grace`` ago; returns their ids."""
    now = clock.now()
    expired = list(
        await session.scalars(
            select(DenylistEntry.ticket_id)
            .where(DenylistEntry.expires_at < now - grace)
            .order_by(DenylistEntry.ticket_id)
            .with_for_update()
        )
    )
    for ticket_id in expired:
        version = await _next_version(session)
        session.add(
            DenylistChange(version=version, ticket_id=ticket_id, op="remove", expires_at=None, at=now)
        )
    if expired:
        await session.execute(delete(DenylistEntry).where(DenylistEntry.ticket_id.in_(expired)))
    await session.flush()
    return expired


async def denylist_since(session: AsyncSession, version: int) -> DenylistDelta:
    """What changed after ``version``: net adds (with their expiry) and removals, and the new version."""
    current = await current_version(session)
    if version <= 0 or version > current:
        rows = await session.execute(
            select(
                DenylistEntry.ticket_id, DenylistEntry.expires_at,
                DenylistEntry.current_valid_from, DenylistEntry.current_valid_until,
            ).order_by(DenylistEntry.added_version)
        )
        full_rows = list(rows)
        return DenylistDelta(
            current,
            [(t, e) for t, e, f, _ in full_rows if f is None],
            [],
            full=True,
            superseded=[(t, f, u) for t, _, f, u in full_rows if f is not None and u is not None],
        )
    changes = await session.execute(
        select(
            DenylistChange.ticket_id, DenylistChange.op, DenylistChange.expires_at,
            DenylistChange.current_valid_from, DenylistChange.current_valid_until,
        )
        .where(DenylistChange.version > version, DenylistChange.version <= current)
        .order_by(DenylistChange.version)
    )
    last: dict[str, tuple[str, datetime | None, datetime | None, datetime | None]] = {}
    for ticket_id, op, expires_at, start, end in changes:
        last.pop(ticket_id, None)
        last[ticket_id] = (op, expires_at, start, end)
    added = [(t, e) for t, (op, e, f, _) in last.items() if op == "add" and e is not None and f is None]
    superseded = [
        (t, f, u) for t, (op, _, f, u) in last.items() if op == "add" and f is not None and u is not None
    ]
    removed = [t for t, (op, *_) in last.items() if op == "remove"]
    return DenylistDelta(current, added, removed, superseded=superseded)


async def is_denied(session: AsyncSession, ticket_id: str) -> bool:
    """True when every code of the ticket is refused (a supersede entry is not a full deny)."""
    entry = await session.get(DenylistEntry, ticket_id)
    return entry is not None and entry.current_valid_from is None


async def list_denylist(
    session: AsyncSession,
    *,
    limit: int = 100,
    after_version: int = 0,
    fare_product_ids: Collection[str] | None = None,
) -> list[DenylistItem]:
    """Entries in version order; page with ``after_version`` = the last item's ``added_version``.
    ``fare_product_ids`` keeps only entries of tickets for those products (an operator's scope)."""
    query = select(DenylistEntry).where(DenylistEntry.added_version > after_version)
    if fare_product_ids is not None:
        if not fare_product_ids:
            return []
        query = query.join(Ticket, Ticket.ticket_id == DenylistEntry.ticket_id).where(
            Ticket.fare_product_id.in_(sorted(fare_product_ids))
        )
    rows = await session.scalars(query.order_by(DenylistEntry.added_version).limit(limit))
    return [
        DenylistItem(
            r.ticket_id, r.added_version, r.expires_at, r.reason, r.actor, r.added_at,
            (r.current_valid_from, r.current_valid_until)
            if r.current_valid_from is not None and r.current_valid_until is not None
            else None,
        )
        for r in rows
    ]
