"""Rider accounts: register, authenticate, change password."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.auth.passwords import PASSWORD_MIN_LENGTH, hash_password, needs_rehash, verify_password
from ticketing.core.clock import Clock
from ticketing.core.errors import Conflict, InvalidInput, Unauthenticated
from ticketing.core.ids import new_ulid
from ticketing.db.models.riders import Rider
from ticketing.service.riders.identifiers import normalize_email, normalize_phone

PASSWORD_MAX_LENGTH = 256


@dataclass(frozen=True, slots=True)
class RiderIdentity:
    rider_id: str
    email: str | None
    phone: str | None


def _identity(row: Rider) -> RiderIdentity:
    return RiderIdentity(row.id, row.email, row.phone)


def _check_password(password: str) -> None:
    if len(password) < PASSWORD_MIN_LENGTH:
        raise InvalidInput("password_too_short", f"password needs at least {PASSWORD_MIN_LENGTH} characters")
    if len(password) > PASSWORD_MAX_LENGTH:
        raise InvalidInput("password_too_long", f"password has more than {PASSWORD_MAX_LENGTH} characters")


async def register_rider(
    session: AsyncSession, clock: Clock, *, email: str | None, phone: str | None, password: str
) -> RiderIdentity:
    if (email is None) == (phone is None):
        raise InvalidInput("login_required", "give exactly one of email or phone")
    norm_email = normalize_email(email) if email is not None else None
    norm_phone = normalize_phone(phone) if phone is not None else None
    _check_password(password)
    clause = Rider.email == norm_email if norm_email is not None else Rider.phone == norm_phone
    if await session.scalar(select(Rider.id).where(clause)) is not None:
        raise Conflict("rider_exists", "an account with this e-mail or phone number exists")
    now = clock.now()
    row = Rider(
        id=new_ulid(now),
        email=norm_email,
        phone=norm_phone,
        password_hash=hash_password(password),
        created_at=now,
        password_changed_at=now,
        disabled_at=None,
    )
    session.add(row)
    await session.flush()
    return _identity(row)


async def find_rider_by_login(session: AsyncSession, *, email: str | None, phone: str | None) -> Rider | None:
    if email is not None:
        try:
            value = normalize_email(email)
        except InvalidInput:
            return None
        return await session.scalar(select(Rider).where(Rider.email == value))
    if phone is not None:
        try:
            value = normalize_phone(phone)
        except InvalidInput:
            return None
        return await session.scalar(select(Rider).where(Rider.phone == value))
    return None


async def authenticate_rider(
    session: AsyncSession, *, email: str | None, phone: str | None, password: str
) -> RiderIdentity:
    row = await find_rider_by_login(session, email=email, phone=phone)
    ok = verify_password(row.password_hash if row else None, password)
    if row is None or not ok or row.disabled_at is not None:
        raise Unauthenticated("bad_credentials", "wrong e-mail/phone or password")
    if needs_rehash(row.password_hash):
        row.password_hash = hash_password(password)
        await session.flush()
    return _identity(row)


async def get_rider(session: AsyncSession, rider_id: str) -> RiderIdentity | None:
    row = await session.get(Rider, rider_id)
    if row is None or row.disabled_at is not None:
        return None
    return _identity(row)


async def change_password(
    session: AsyncSession, clock: Clock, rider_id: str, *, current_password: str, new_password: str
) -> RiderIdentity:
    row = await session.get(Rider, rider_id)
    if row is None or row.disabled_at is not None:
        raise Unauthenticated("unauthenticated", "rider account not found")
    if not verify_password(row.password_hash, current_password):
        raise Unauthenticated("bad_credentials", "the current password is wrong")
    _check_password(new_password)
    row.password_hash = hash_password(new_password)
    row.password_changed_at = clock.now()
    await session.flush()
    return _identity(row)


async def ensure_rider(
    session: AsyncSession, clock: Clock, *, email: str, password: str
) -> tuple[RiderIdentity, bool]:
    """The rider with this e-mail, created with ``password`` if missing (demo seeding).

    Returns (rider, created); an existing rider keeps its password."""
    existing = await find_rider_by_login(session, email=email, phone=None)
    if existing is not None:
        return _identity(existing), False
    return await register_rider(session, clock, email=email, phone=None, password=password), True
