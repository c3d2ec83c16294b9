"""Devices: the fleet table, provisioning a reader (enrolment token also as a QR), disabling one."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from console.auth import ConsoleUser, staff
from console.render import page
from console.routing import ConsoleRoute
from console.scope import ensure_visible
from ticketing.http.deps import RuntimeDep
from ticketing.service import scoping
from ticketing.service.console.fleet_clock import clock_health
from ticketing.service.devices.registry import disable_device, get_device, provision_device
from ticketing.service.taps.gaps import DeviceHealth, fleet_status
from ticketing.service.tickets import current_version
from ticketing.service.tickets.qr import render

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)
# The operations roles (ticketing.service.scoping): a reviewer sees nothing of operators' data.
AnyStaff = Annotated[ConsoleUser, Depends(staff(*scoping.OPERATIONS_ROLES))]
Writer = Annotated[ConsoleUser, Depends(staff("admin", "operator", write=True))]
PAGE_SIZE = 100
OPTIONAL_COUNTS = ("unverifiable_taps", "quarantined_taps")  # shown when the fleet view has them


def _row(health: DeviceHealth, clock: Any, now: Any, deny_version: int) -> dict[str, Any]:
    age_s = int((now - health.last_sync_at).total_seconds()) if health.last_sync_at else None
    return {
        "h": health, "clock": clock, "snapshot_age_s": age_s,
        "versions_behind": (deny_version - health.last_snapshot_version
                            if health.last_snapshot_version is not None else None),
        "extra": {name: getattr(health, name) for name in OPTIONAL_COUNTS if hasattr(health, name)},
    }


@router.get("/devices", name="devices")
async def devices(
    request: Request, runtime: RuntimeDep, user: AnyStaff,
    operator: Annotated[str | None, Query(max_length=64)] = None,
    after: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    scope = user.principal.visible_operator(operator or None)
    now = runtime.clock.now()
    async with runtime.unit_of_work() as uow:
        fleet = await fleet_status(uow.session, operator_id=scope, limit=PAGE_SIZE, after=after or None)
        clocks = await clock_health(uow.session, [d.device_id for d in fleet], now)
        deny_version = await current_version(uow.session)
    rows = [_row(d, clocks[d.device_id], now, deny_version) for d in fleet]
    extra_columns = [name for name in OPTIONAL_COUNTS if any(name in r["extra"] for r in rows)]
    return page(request, "devices.html", {
        "rows": rows, "extra_columns": extra_columns, "operator": scope or "",
        "next": fleet[-1].device_id if len(fleet) == PAGE_SIZE else None, "made": None,
    })


@router.post("/devices", name="provision_device")
async def provision(
    request: Request, runtime: RuntimeDep, user: Writer,
    device_id: Annotated[str, Form(min_length=1, max_length=64)],
    operator_id: Annotated[str, Form(max_length=64)] = "",
    placement: Annotated[str, Form(pattern="^(stop|vehicle)$")] = "stop",
    place_id: Annotated[str, Form(min_length=1, max_length=64)] = "",
    route_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    operator = user.scope or operator_id.strip()
    user.principal.ensure_scope(operator)
    async with runtime.unit_of_work() as uow:
        made = await provision_device(
            uow.session, runtime.clock, device_id=device_id.strip(), operator_id=operator,
            stop_id=place_id.strip() if placement == "stop" else None,
            vehicle_id=place_id.strip() if placement == "vehicle" else None,
            route_id=route_id.strip() or None,
        )
    request.state.audit_detail = f"provisioned {made.device_id} for {operator}"
    qr = "data:image/svg+xml;base64," + base64.b64encode(render(made.enrolment_token, "svg")).decode()
    server = str(request.base_url).rstrip("/")
    return page(request, "device_made.html", {"made": made, "qr": qr, "server": server}, status=201)


@router.post("/devices/{device_id}/disable", name="disable_device")
async def disable(request: Request, runtime: RuntimeDep, user: Writer, device_id: str) -> Response:
    async with runtime.unit_of_work() as uow:
        found = await get_device(uow.session, device_id)
        ensure_visible(user, found.operator_id, "device_not_found", f"device {device_id!r}")
        await disable_device(uow.session, runtime.clock, device_id)
    request.state.audit_detail = f"disabled {device_id}"
    return RedirectResponse("/console/devices", status_code=303)


@router.get("/devices/{device_id}", name="device")
async def device(request: Request, runtime: RuntimeDep, user: AnyStaff, device_id: str) -> Response:
    now = runtime.clock.now()
    async with runtime.unit_of_work() as uow:
        found = await get_device(uow.session, device_id)
        ensure_visible(user, found.operator_id, "device_not_found", f"device {device_id!r}")
        fleet = await fleet_status(uow.session, operator_id=found.operator_id, limit=1, after=None,
                                   device_id=device_id)
        clocks = await clock_health(uow.session, [device_id], now)
        deny_version = await current_version(uow.session)
    rows = [_row(fleet[0], clocks[device_id], now, deny_version)]
    extra_columns = [name for name in OPTIONAL_COUNTS if name in rows[0]["extra"]]
    return page(request, "devices.html", {"rows": rows, "extra_columns": extra_columns,
                                          "operator": found.operator_id, "next": None, "made": None})
