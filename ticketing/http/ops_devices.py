"""Operator API for readers: provisioning, fleet status (sequence gaps) and tap exceptions."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from ticketing.http.deps import RuntimeDep, StaffPrincipal, require_staff
from ticketing.http.problems import problem_responses
from ticketing.http.times import LocalTime
from ticketing.service.devices.placement import check_placement_in_force
from ticketing.service.devices.registry import disable_device, get_device, provision_device
from ticketing.service.taps.exceptions import EXCEPTION_KINDS, list_exceptions
from ticketing.service.taps.gaps import fleet_status

router = APIRouter(prefix="/v1/ops", tags=["ops: devices"])

Limit = Annotated[int, Query(ge=1, le=500)]
After = Annotated[str | None, Query(max_length=64, description="cursor: the last id of the previous page")]


class ProvisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    device_id: str = Field(min_length=1, max_length=64)
    operator_id: str = Field(min_length=1, max_length=64, description="GTFS agency_id")
    stop_id: str | None = Field(default=None, max_length=64, description="gate reader at a stop")
    vehicle_id: str | None = Field(default=None, max_length=64, description="bus reader on a vehicle")
    route_id: str | None = Field(default=None, max_length=64)
    passback_window_s: int = Field(default=600, ge=0, le=86_400)
    snapshot_max_age_s: int = Field(default=86_400, ge=60, le=30 * 86_400)
    stale_policy: Literal["accept_and_flag", "reject"] = "accept_and_flag"


class ProvisionOut(BaseModel):
    device_id: str
    enrolment_token: str
    enrolment_expires_at: LocalTime


class Gap(BaseModel):
    first: int
    last: int


class DeviceStatus(BaseModel):
    device_id: str
    operator_id: str
    stop_id: str | None
    vehicle_id: str | None
    enrolled: bool
    disabled: bool
    taps_received: int
    last_sequence: int
    sequence_gaps: list[Gap]
    missing_taps: int
    unprocessed_taps: int
    unverifiable_taps: int = Field(description="accepted taps that failed the evidence rule (no effect)")
    quarantined_taps: int = Field(description="implausible taps, or taps whose processing raised")
    last_sync_at: LocalTime | None
    last_snapshot_version: int | None


class DevicePage(BaseModel):
    items: list[DeviceStatus]
    next: str | None


class TapExceptionOut(BaseModel):
    exception_id: str
    kind: str
    title: str
    title_vi: str
    ticket_id: str | None
    tap_id: str
    other_tap_id: str | None
    device_id: str
    operator_id: str
    detail: str
    detected_at: LocalTime
    denylisted: bool


class ExceptionPage(BaseModel):
    items: list[TapExceptionOut]
    next: str | None


@router.post(
    "/devices",
    response_model=ProvisionOut,
    status_code=201,
    responses=problem_responses(401, 403, 409, 422),
    summary="Provision a reader (gate at a stop or bus reader on a vehicle): one-time enrolment token",
)
async def provision(
    body: ProvisionIn,
    runtime: RuntimeDep,
    principal: Annotated[StaffPrincipal, Depends(require_staff("admin", "operator", write=True))],
) -> ProvisionOut:
    principal.ensure_scope(body.operator_id)
    async with runtime.unit_of_work() as uow:
        await check_placement_in_force(
            uow.session, runtime.clock.now(),
            operator_id=body.operator_id, stop_id=body.stop_id, route_id=body.route_id,
        )
        made = await provision_device(uow.session, runtime.clock, **body.model_dump())
    return ProvisionOut(device_id=made.device_id, enrolment_token=made.enrolment_token,
                        enrolment_expires_at=made.enrolment_expires_at)


@router.get(
    "/devices",
    response_model=DevicePage,
    responses=problem_responses(401, 403, 422),
    summary="Fleet status: taps received, last sequence, sequence gaps (possibly lost taps), last sync",
)
async def devices(
    runtime: RuntimeDep,
    principal: Annotated[StaffPrincipal, Depends(require_staff())],
    operator_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Limit = 100,
    after: After = None,
) -> DevicePage:
    scope = principal.visible_operator(operator_id)
    async with runtime.unit_of_work() as uow:
        rows = await fleet_status(uow.session, operator_id=scope, limit=limit, after=after)
    items = [DeviceStatus.model_validate(r.as_json()) for r in rows]
    return DevicePage(items=items, next=items[-1].device_id if len(items) == limit else None)


@router.get(
    "/devices/{device_id}",
    response_model=DeviceStatus,
    responses=problem_responses(401, 403, 404),
    summary="One reader's status",
)
async def device(
    device_id: str,
    runtime: RuntimeDep,
    principal: Annotated[StaffPrincipal, Depends(require_staff())],
) -> DeviceStatus:
    async with runtime.unit_of_work() as uow:
        found = await get_device(uow.session, device_id)
        principal.ensure_scope(found.operator_id)
        rows = await fleet_status(uow.session, operator_id=found.operator_id, limit=1,
                                  after=None, device_id=device_id)
    return DeviceStatus.model_validate(rows[0].as_json())


@router.post(
    "/devices/{device_id}/disable",
    response_model=DeviceStatus,
    responses=problem_responses(401, 403, 404),
    summary="Disable a lost or stolen reader: its requests are refused from now on",
)
async def disable(
    device_id: str,
    runtime: RuntimeDep,
    principal: Annotated[StaffPrincipal, Depends(require_staff("admin", "operator", write=True))],
) -> DeviceStatus:
    async with runtime.unit_of_work() as uow:
        found = await get_device(uow.session, device_id)
        principal.ensure_scope(found.operator_id)
        await disable_device(uow.session, runtime.clock, device_id)
        rows = await fleet_status(uow.session, operator_id=found.operator_id, limit=1,
                                  after=None, device_id=device_id)
    return DeviceStatus.model_validate(rows[0].as_json())


@router.get(
    "/tap-exceptions",
    response_model=ExceptionPage,
    responses=problem_responses(401, 403, 422),
    summary="Where the server's view differs from a reader's: double use, revoked, impossible journeys,"
    " unverifiable taps",
)
async def tap_exceptions(
    runtime: RuntimeDep,
    principal: Annotated[StaffPrincipal, Depends(require_staff())],
    operator_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Limit = 100,
    after: After = None,
    kind: Annotated[str | None, Query(max_length=32, description="e.g. unverifiable_tap")] = None,
    device_id: Annotated[str | None, Query(max_length=64)] = None,
) -> ExceptionPage:
    scope = principal.visible_operator(operator_id)
    async with runtime.unit_of_work() as uow:
        rows = await list_exceptions(uow.session, operator_id=scope, limit=limit, after=after,
                                     kind=kind, device_id=device_id)
    items = [
        TapExceptionOut(
            exception_id=e.exception_id, kind=e.kind, title=EXCEPTION_KINDS[e.kind][1],
            title_vi=EXCEPTION_KINDS[e.kind][0], ticket_id=e.ticket_id, tap_id=e.tap_id,
            other_tap_id=e.other_tap_id, device_id=e.device_id, operator_id=e.operator_id,
            detail=e.detail, detected_at=e.detected_at, denylisted=e.denylisted,
        )
        for e in rows
    ]
    return ExceptionPage(items=items, next=items[-1].exception_id if len(items) == limit else None)
