"""Server-side staff sessions for the console: a random cookie token (stored hashed), a CSRF
token per session, expiry, logout and "log out everywhere"."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.db.models.console import StaffSession
from ticketing.service.staff import StaffIdentity, get_staff

SESSION_TTL_S = 12 * 3600  # one working shift at the depot


@dataclass(frozen=True, slots=True)
class OpenSession:
    token: str  # goes into the cookie only; never stored
    csrf_token: str
    staff: StaffIdentity


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def open_session(
    session: AsyncSession, clock: Clock, staff: StaffIdentity, *, client_ip: str | None,
    user_agent: str | None, ttl_s: int = SESSION_TTL_S,
) -> OpenSession:
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    now = clock.now()
    session.add(StaffSession(
        token_hash=_digest(token), staff_id=staff.staff_id, csrf_token=csrf, created_at=now,
        expires_at=now + timedelta(seconds=ttl_s), last_seen_at=now, revoked_at=None,
        client_ip=(client_ip or "")[:64] or None, user_agent=(user_agent or "")[:200] or None,
    ))
    await session.flush()
    return OpenSession(token, csrf, staff)


async def resume_session(session: AsyncSession, clock: Clock, token: str) -> OpenSession | None:
    """The live session of this cookie token, or None (unknown, expired, revoked, account gone)."""
    if not token or len(token) > 128:
        return None
    row = await session.get(StaffSession, _digest(token))
    now = clock.now()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    staff = await get_staff(session, row.staff_id)
    if staff is None:
        return None
    return OpenSession(token, row.csrf_token, staff)


async def close_session(session: AsyncSession, clock: Clock, token: str) -> None:
    await session.execute(
        sa.update(StaffSession)
        .where(StaffSession.token_hash == _digest(token), StaffSession.revoked_at.is_(None))
        .values(revoked_at=clock.now())
    )


async def close_all_sessions(session: AsyncSession, clock: Clock, staff_id: str) -> int:
    """Log the account out everywhere; returns how many sessions were open."""
    result = await session.execute(
        sa.update(StaffSession)
        .where(StaffSession.staff_id == staff_id, StaffSession.revoked_at.is_(None))
        .values(revoked_at=clock.now())
    )
    return int(getattr(result, "rowcount", 0) or 0)
