"""Staff accounts: create and authenticate."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.auth.passwords import PASSWORD_MIN_LENGTH, hash_password, verify_password
from ticketing.core.clock import Clock
from ticketing.core.errors import Conflict, InvalidInput, NotFound, Unauthenticated
from ticketing.core.ids import new_ulid
from ticketing.db.models.staff import StaffAccount
from ticketing.service.fare_catalog import feed_in_force

# Who does what: docs/security.md. The decisions themselves live in ticketing.service.scoping.
ROLES = ("admin", "operator", "auditor", "reviewer")
# Actors are recorded as "staff:<username>" in 120-character columns: keep well inside them.
USERNAME_MAX_LENGTH = 64


@dataclass(frozen=True, slots=True)
class StaffIdentity:
    staff_id: str
    username: str
    role: str
    operator_id: str | None


def _check_operator_text(operator_id: str | None) -> None:
    if operator_id is not None and not operator_id.strip():
        raise InvalidInput("operator_invalid", "operator id must not be empty: omit it or name an agency")


def _identity(row: StaffAccount) -> StaffIdentity:
    return StaffIdentity(row.id, row.username, row.role, row.operator_id)


async def create_staff(
    session: AsyncSession,
    clock: Clock,
    *,
    username: str,
    password: str,
    role: str,
    operator_id: str | None = None,
) -> StaffIdentity:
    username = username.strip()
    if not username:
        raise InvalidInput("username_required", "username must not be empty")
    if len(username) > USERNAME_MAX_LENGTH:
        raise InvalidInput("username_too_long", f"username has more than {USERNAME_MAX_LENGTH} characters")
    if role not in ROLES:
        raise InvalidInput("role_unknown", f"role must be one of {', '.join(ROLES)}")
    _check_operator_text(operator_id)
    if role == "operator" and not operator_id:
        raise InvalidInput("operator_required", "role operator needs an operator id (GTFS agency_id)")
    if role != "operator" and operator_id:
        raise InvalidInput("operator_not_allowed", f"role {role} is not scoped to an operator")
    if len(password) < PASSWORD_MIN_LENGTH:
        raise InvalidInput("password_too_short", f"password needs at least {PASSWORD_MIN_LENGTH} characters")
    existing = await session.scalar(select(StaffAccount.id).where(StaffAccount.username == username))
    if existing is not None:
        raise Conflict("staff_exists", f"staff account {username!r} exists")
    row = StaffAccount(
        id=new_ulid(clock.now()),
        username=username,
        password_hash=hash_password(password),
        role=role,
        operator_id=operator_id,
        created_at=clock.now(),
        disabled_at=None,
    )
    session.add(row)
    await session.flush()
    return _identity(row)


async def ensure_operator_known(session: AsyncSession, clock: Clock, operator_id: str) -> None:
    """An operator account's operator must be an agency of the fare feed in force."""
    _check_operator_text(operator_id)
    try:
        feed = await feed_in_force(session, clock.now())
    except NotFound:
        raise InvalidInput(
            "operator_unknown", "no fare feed is in force: load one before creating operator accounts"
        ) from None
    if operator_id not in feed.agencies:
        known = ", ".join(sorted(feed.agencies))
        raise InvalidInput(
            "operator_unknown", f"{operator_id!r} is not an agency of the feed in force ({known})"
        )


async def authenticate_staff(session: AsyncSession, username: str, password: str) -> StaffIdentity:
    row = await session.scalar(select(StaffAccount).where(StaffAccount.username == username.strip()))
    ok = verify_password(row.password_hash if row else None, password)
    if row is None or not ok or row.disabled_at is not None:
        raise Unauthenticated("bad_credentials", "wrong username or password")
    return _identity(row)


async def get_staff(session: AsyncSession, staff_id: str) -> StaffIdentity | None:
    row = await session.get(StaffAccount, staff_id)
    if row is None or row.disabled_at is not None:
        return None
    return _identity(row)
