"""Provisioning a reader and enrolling it with its own Ed25519 public key."""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import Conflict, InvalidInput, NotFound, Unauthenticated
from ticketing.db.models.devices import Device

ENROLMENT_TTL = timedelta(days=7)
DEFAULT_PASSBACK_WINDOW_S = 600
DEFAULT_SNAPSHOT_MAX_AGE_S = 24 * 3600
ID_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:")


@dataclass(frozen=True, slots=True)
class Provisioned:
    device_id: str
    enrolment_token: str
    enrolment_expires_at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_id(name: str, value: str | None) -> None:
    if value is None:
        return
    if not value or len(value) > 64 or not set(value) <= ID_ALPHABET:
        raise InvalidInput("invalid_identifier", f"{name} must be 1-64 letters, digits or -_.:")


async def provision_device(
    session: AsyncSession,
    clock: Clock,
    *,
    device_id: str,
    operator_id: str,
    stop_id: str | None = None,
    vehicle_id: str | None = None,
    route_id: str | None = None,
    passback_window_s: int = DEFAULT_PASSBACK_WINDOW_S,
    snapshot_max_age_s: int = DEFAULT_SNAPSHOT_MAX_AGE_S,
    stale_policy: str = "accept_and_flag",
) -> Provisioned:
    """Register a reader at a stop (gate) or on a vehicle (bus) with a one-time enrolment token.

    Provisioning a known device that has not enrolled yet issues a fresh token (the old one dies).
    """
    for name, value in (("device_id", device_id), ("operator_id", operator_id), ("stop_id", stop_id),
                        ("vehicle_id", vehicle_id), ("route_id", route_id)):
        _check_id(name, value)
    if (stop_id is None) == (vehicle_id is None):
        raise InvalidInput("device_location", "give exactly one of stop or vehicle")
    if stale_policy not in ("accept_and_flag", "reject"):
        raise InvalidInput("stale_policy", "stale policy is accept_and_flag or reject")
    if not 0 <= passback_window_s <= 86_400 or not 60 <= snapshot_max_age_s <= 30 * 86_400:
        raise InvalidInput("device_policy", "passback window or snapshot age out of range")
    now = clock.now()
    token = secrets.token_urlsafe(24)
    device = await session.get(Device, device_id)
    if device is not None:
        if device.enrolled_at is not None:
            raise Conflict("device_exists", f"device {device_id} is already enrolled")
        if device.operator_id != operator_id:
            raise Conflict("device_exists", f"device {device_id} belongs to {device.operator_id}")
    else:
        device = Device(device_id=device_id, created_at=now, operator_id=operator_id)
        session.add(device)
    device.stop_id, device.vehicle_id, device.route_id = stop_id, vehicle_id, route_id
    device.passback_window_s = passback_window_s
    device.snapshot_max_age_s = snapshot_max_age_s
    device.stale_policy = stale_policy
    device.enrolment_token_hash = token_hash(token)
    device.enrolment_expires_at = now + ENROLMENT_TTL
    await session.flush()
    return Provisioned(device_id, token, now + ENROLMENT_TTL)


def decode_public_key(text: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise InvalidInput("public_key_invalid", "public_key must be base64url") from None
    if len(raw) != 32:
        raise InvalidInput("public_key_invalid", "public_key must be a raw 32-byte Ed25519 key")
    return raw


async def enrol_device(
    session: AsyncSession, clock: Clock, *, enrolment_token: str, public_key: str
) -> Device:
    """Spend a one-time token: the device's own public key is registered; the token dies."""
    decode_public_key(public_key)
    device = await session.scalar(
        select(Device).where(Device.enrolment_token_hash == token_hash(enrolment_token))
        .with_for_update()
    )
    now = clock.now()
    if (
        device is None
        or device.enrolment_expires_at is None
        or device.enrolment_expires_at <= now
        or device.disabled_at is not None
    ):
        raise Unauthenticated("enrolment_token_invalid", "unknown, used or expired enrolment token")
    device.public_key = public_key
    device.enrolled_at = now
    device.enrolment_token_hash = None
    device.enrolment_expires_at = None
    await session.flush()
    return device


async def get_device(session: AsyncSession, device_id: str) -> Device:
    device = await session.get(Device, device_id)
    if device is None:
        raise NotFound("device_not_found", f"no device {device_id}")
    return device


async def disable_device(session: AsyncSession, clock: Clock, device_id: str) -> Device:
    """Cut a lost or stolen reader off: its key and any unused enrolment token stop working.
    Idempotent. Taps it already uploaded stay as they are."""
    device = await get_device(session, device_id)
    if device.disabled_at is None:
        device.disabled_at = clock.now()
        device.enrolment_token_hash = None
        device.enrolment_expires_at = None
        await session.flush()
    return device
