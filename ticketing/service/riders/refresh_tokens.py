"""Refresh-token families with rotation and reuse detection.

A login starts a family. Each refresh spends the presented token and issues the next one in the
same family. Presenting a spent token again means it leaked (or a client raced itself): the whole
family is revoked, so both the thief and the rider must log in again.

A token reads ``<token id>.<secret>``; only the SHA-256 of the secret is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.ids import is_ulid, new_ulid
from ticketing.db.models.riders import Rider, RiderRefreshToken

RefreshFailure = Literal["refresh_token_invalid", "refresh_token_expired", "refresh_token_reused"]


@dataclass(frozen=True, slots=True)
class IssuedRefresh:
    token: str
    token_id: str
    family_id: str
    rider_id: str


@dataclass(frozen=True, slots=True)
class RotationResult:
    """Either ``issued`` (success) or ``failure``; a failure may have revoked a family, so the
    caller commits before answering 401."""

    issued: IssuedRefresh | None
    failure: RefreshFailure | None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _split(token: str) -> tuple[str, str] | None:
    token_id, sep, secret = token.partition(".")
    if not sep or not is_ulid(token_id) or not 20 <= len(secret) <= 128:
        return None
    return token_id, secret


async def issue_refresh_token(
    session: AsyncSession, clock: Clock, rider_id: str, ttl_s: int, family_id: str | None = None
) -> IssuedRefresh:
    now = clock.now()
    token_id = new_ulid(now)
    secret = secrets.token_urlsafe(32)
    family = family_id or token_id
    session.add(
        RiderRefreshToken(
            id=token_id,
            family_id=family,
            rider_id=rider_id,
            secret_sha256=_digest(secret),
            issued_at=now,
            expires_at=now + timedelta(seconds=ttl_s),
            used_at=None,
            revoked_at=None,
            revoke_reason=None,
        )
    )
    await session.flush()
    return IssuedRefresh(f"{token_id}.{secret}", token_id, family, rider_id)


async def revoke_family(session: AsyncSession, clock: Clock, family_id: str, reason: str) -> None:
    await session.execute(
        update(RiderRefreshToken)
        .where(RiderRefreshToken.family_id == family_id, RiderRefreshToken.revoked_at.is_(None))
        .values(revoked_at=clock.now(), revoke_reason=reason)
    )


async def revoke_all_for_rider(session: AsyncSession, clock: Clock, rider_id: str, reason: str) -> None:
    await session.execute(
        update(RiderRefreshToken)
        .where(RiderRefreshToken.rider_id == rider_id, RiderRefreshToken.revoked_at.is_(None))
        .values(revoked_at=clock.now(), revoke_reason=reason)
    )


async def _lookup(session: AsyncSession, token: str) -> RiderRefreshToken | None:
    parts = _split(token)
    if parts is None:
        return None
    row = await session.get(RiderRefreshToken, parts[0])
    if row is None or not hmac.compare_digest(row.secret_sha256, _digest(parts[1])):
        return None
    return row


async def rotate_refresh_token(session: AsyncSession, clock: Clock, token: str, ttl_s: int) -> RotationResult:
    row = await _lookup(session, token)
    if row is None or row.revoked_at is not None:
        return RotationResult(None, "refresh_token_invalid")
    now = clock.now()
    rider = await session.get(Rider, row.rider_id)
    if rider is None or rider.disabled_at is not None:
        return RotationResult(None, "refresh_token_invalid")
    if row.used_at is not None:
        await revoke_family(session, clock, row.family_id, "reuse_detected")
        return RotationResult(None, "refresh_token_reused")
    if row.expires_at <= now:
        return RotationResult(None, "refresh_token_expired")
    # Spend it atomically: of two concurrent refreshes with one token, exactly one wins and the
    # other is treated as reuse.
    spent = await session.execute(
        update(RiderRefreshToken)
        .where(RiderRefreshToken.id == row.id, RiderRefreshToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        await revoke_family(session, clock, row.family_id, "reuse_detected")
        return RotationResult(None, "refresh_token_reused")
    issued = await issue_refresh_token(session, clock, row.rider_id, ttl_s, family_id=row.family_id)
    return RotationResult(issued, None)


async def logout(session: AsyncSession, clock: Clock, token: str, rider_id: str) -> bool:
    """Revoke the family of ``token`` if it belongs to ``rider_id``; False when it does not."""
    row = await _lookup(session, token)
    if row is None or row.rider_id != rider_id:
        return False
    await revoke_family(session, clock, row.family_id, "logout")
    return True
