"""Staff (admin): accounts and roles — create, change a role, disable or enable, log out everywhere."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from console.auth import ConsoleUser, staff
from console.render import page
from console.routing import ConsoleRoute
from ticketing.http.deps import RuntimeDep
from ticketing.service.console.sessions import close_all_sessions
from ticketing.service.console.staff_admin import change_role, list_staff, set_disabled
from ticketing.service.staff import ROLES, create_staff

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)
Admin = Annotated[ConsoleUser, Depends(staff("admin", write=True))]


@router.get("/staff", name="staff_accounts")
async def accounts(request: Request, runtime: RuntimeDep, _admin: Admin) -> Response:
    async with runtime.unit_of_work() as uow:
        rows = await list_staff(uow.session)
    return page(request, "staff.html", {"rows": rows, "roles": ROLES})


@router.post("/staff", name="create_staff")
async def create(
    request: Request, runtime: RuntimeDep, _admin: Admin,
    username: Annotated[str, Form(min_length=1, max_length=120)],
    password: Annotated[str, Form(min_length=1, max_length=256)],
    role: Annotated[str, Form(max_length=16)],
    operator_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    async with runtime.unit_of_work() as uow:
        made = await create_staff(uow.session, runtime.clock, username=username, password=password, role=role,
                                  operator_id=operator_id.strip() or None)
    request.state.audit_detail = f"created {made.username} ({made.role} {made.operator_id or ''})"
    return RedirectResponse("/console/staff", status_code=303)


@router.post("/staff/{staff_id}/role", name="change_staff_role")
async def role(
    request: Request, runtime: RuntimeDep, admin: Admin, staff_id: str,
    role: Annotated[str, Form(max_length=16)], operator_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    async with runtime.unit_of_work() as uow:
        row = await change_role(uow.session, runtime.clock, staff_id, role=role,
                                operator_id=operator_id.strip() or None, by_staff_id=admin.principal.staff_id)
    request.state.audit_detail = f"{row.username} is now {row.role} {row.operator_id or ''}"
    return RedirectResponse("/console/staff", status_code=303)


@router.post("/staff/{staff_id}/disable", name="disable_staff")
async def disable(request: Request, runtime: RuntimeDep, admin: Admin, staff_id: str,
                  disabled: Annotated[str, Form(pattern="^(yes|no)$")] = "yes") -> Response:
    async with runtime.unit_of_work() as uow:
        row = await set_disabled(uow.session, runtime.clock, staff_id, disabled=disabled == "yes",
                                 by_staff_id=admin.principal.staff_id)
    request.state.audit_detail = f"{'disabled' if row.disabled_at else 'enabled'} {row.username}"
    return RedirectResponse("/console/staff", status_code=303)


@router.post("/staff/{staff_id}/logout-everywhere", name="staff_logout_everywhere")
async def logout_everywhere(request: Request, runtime: RuntimeDep, _admin: Admin, staff_id: str) -> Response:
    async with runtime.unit_of_work() as uow:
        closed = await close_all_sessions(uow.session, runtime.clock, staff_id)
    request.state.audit_detail = f"closed {closed} sessions of {staff_id}"
    return RedirectResponse("/console/staff", status_code=303)
