"""Rider phone keys (P-256) that device-bound tickets are tied to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import Conflict, InvalidInput, NotFound, Rejected
from ticketing.db.models.tickets import DeviceKeyRow
from ticketing.tickets.device_key import jwk_thumbprint, public_key_from_jwk


@dataclass(frozen=True, slots=True)
class DeviceKey:
    device_key_id: str
    holder_id: str | None
    thumbprint: str
    public_jwk: dict[str, Any]
    created_at: datetime
    revoked_at: datetime | None


def _view(row: DeviceKeyRow) -> DeviceKey:
    return DeviceKey(
        row.device_key_id, row.holder_id, row.thumbprint, dict(row.public_jwk), row.created_at, row.revoked_at
    )


async def register_device_key(
    session: AsyncSession,
    clock: Clock,
    *,
    device_key_id: str,
    holder_id: str | None,
    public_jwk: dict[str, Any],
) -> DeviceKey:
    """Register a phone's public key; idempotent by ``device_key_id`` for the same key."""
    try:
        public_key_from_jwk(public_jwk)
        thumbprint = jwk_thumbprint(public_jwk)
    except ValueError as exc:
        raise InvalidInput("device_key_invalid", str(exc)) from None
    clean = {name: public_jwk[name] for name in ("kty", "crv", "x", "y")}
    existing = await session.get(DeviceKeyRow, device_key_id)
    if existing is not None:
        if existing.thumbprint != thumbprint or existing.holder_id != holder_id:
            raise Conflict("device_key_id_reused", f"device key {device_key_id} has another key")
        return _view(existing)
    other = await session.scalar(select(DeviceKeyRow).where(DeviceKeyRow.thumbprint == thumbprint))
    if other is not None:
        raise Conflict("device_key_exists", "this public key is already registered")
    row = DeviceKeyRow(
        device_key_id=device_key_id,
        holder_id=holder_id,
        thumbprint=thumbprint,
        public_jwk=clean,
        created_at=clock.now(),
        revoked_at=None,
    )
    session.add(row)
    await session.flush()
    return _view(row)


async def device_key_for_ticket(
    session: AsyncSession, device_key_id: str, holder_id: str | None
) -> DeviceKey:
    row = await session.get(DeviceKeyRow, device_key_id)
    if row is None:
        raise NotFound("device_key_unknown", f"no device key {device_key_id!r}")
    if row.revoked_at is not None:
        raise Rejected("device_key_revoked", f"device key {device_key_id} is revoked")
    if row.holder_id is not None and row.holder_id != holder_id:
        raise Rejected("device_key_not_holders", "the device key belongs to another rider")
    return _view(row)


async def riders_device_key(session: AsyncSession, device_key_id: str, rider_id: str) -> DeviceKey:
    """The rider's own live phone key. Another rider's key answers exactly as a missing one
    (``device_key_unknown``, 404): a key id reveals nothing about whose it is."""
    row = await session.get(DeviceKeyRow, device_key_id)
    if row is None or row.holder_id != rider_id:
        raise NotFound("device_key_unknown", f"no device key {device_key_id!r}")
    if row.revoked_at is not None:
        raise Rejected("device_key_revoked", f"device key {device_key_id} is revoked")
    return _view(row)


async def revoke_device_key(session: AsyncSession, clock: Clock, *, device_key_id: str) -> DeviceKey:
    row = await session.get(DeviceKeyRow, device_key_id)
    if row is None:
        raise NotFound("device_key_unknown", f"no device key {device_key_id!r}")
    if row.revoked_at is None:
        row.revoked_at = clock.now()
        await session.flush()
    return _view(row)
