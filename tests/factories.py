"""Plain typed factories for test data."""

from __future__ import annotations

from ticketing.runtime import Runtime
from ticketing.service.staff import StaffIdentity, create_staff


async def make_staff(
    runtime: Runtime, username: str, role: str = "admin", operator_id: str | None = None,
    password: str = "correct-horse-battery",
) -> StaffIdentity:
    async with runtime.unit_of_work() as uow:
        return await create_staff(
            uow.session, runtime.clock, username=username, password=password, role=role,
            operator_id=operator_id,
        )


def staff_token(runtime: Runtime, staff: StaffIdentity) -> str:
    return runtime.access_tokens.issue(
        staff.staff_id, "staff", role=staff.role, op=staff.operator_id, usr=staff.username
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
