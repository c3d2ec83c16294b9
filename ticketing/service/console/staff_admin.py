"""Staff account administration: list accounts, change a role, disable or enable an account.
Disabling an account also ends every console session it has."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import InvalidInput, NotFound, Rejected
from ticketing.db.models.staff import StaffAccount
from ticketing.service.console.sessions import close_all_sessions
from ticketing.service.staff import ROLES


@dataclass(frozen=True, slots=True)
class StaffRow:
    staff_id: str
    username: str
    role: str
    operator_id: str | None
    created_at: datetime
    disabled_at: datetime | None


def _row(a: StaffAccount) -> StaffRow:
    return StaffRow(a.id, a.username, a.role, a.operator_id, a.created_at, a.disabled_at)


async def list_staff(session: AsyncSession, *, limit: int = 200, after: str | None = None) -> list[StaffRow]:
    query = sa.select(StaffAccount).order_by(StaffAccount.username).limit(limit)
    if after is not None:
        query = query.where(StaffAccount.username > after)
    return [_row(a) for a in await session.scalars(query)]


async def _account(session: AsyncSession, staff_id: str) -> StaffAccount:
    row = await session.get(StaffAccount, staff_id)
    if row is None:
        raise NotFound("staff_not_found", f"no staff account {staff_id!r}")
    return row


async def change_role(
    session: AsyncSession, clock: Clock, staff_id: str, *, role: str, operator_id: str | None,
    by_staff_id: str,
) -> StaffRow:
    if role not in ROLES:
        raise InvalidInput("role_unknown", f"role must be one of {', '.join(ROLES)}")
    if role == "operator" and not operator_id:
        raise InvalidInput("operator_required", "role operator needs an operator id (GTFS agency_id)")
    if role != "operator":
        operator_id = None
    if staff_id == by_staff_id and role != "admin":
        raise Rejected("own_admin_role", "an admin cannot take away their own admin role")
    row = await _account(session, staff_id)
    row.role, row.operator_id = role, operator_id
    await session.flush()
    await close_all_sessions(session, clock, staff_id)  # the new role applies from the next login
    return _row(row)


async def set_disabled(
    session: AsyncSession, clock: Clock, staff_id: str, *, disabled: bool, by_staff_id: str,
) -> StaffRow:
    if disabled and staff_id == by_staff_id:
        raise Rejected("own_account", "an admin cannot disable their own account")
    row = await _account(session, staff_id)
    row.disabled_at = clock.now() if disabled else None
    await session.flush()
    if disabled:
        await close_all_sessions(session, clock, staff_id)
    return _row(row)
