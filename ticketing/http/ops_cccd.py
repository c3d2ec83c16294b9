"""A reviewer registers a free rider's chip citizen ID (CCCD); the number is never stored."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from ticketing.http.deps import STAFF_ROLES, RuntimeDep, StaffPrincipal, require_staff
from ticketing.http.problems import problem_responses
from ticketing.service.cccd.registry import list_cccd, register_cccd
from ticketing.service.cccd.subsidy import free_ride_counts, subsidy_csv

router = APIRouter(prefix="/v1/ops", tags=["ops: CCCD free riders"])

# Reviewers decide eligibility; admins may too. "reviewer" is used where that role exists.
REGISTER_ROLES = ("admin", *(("reviewer",) if "reviewer" in STAFF_ROLES else ()))


class CccdRegisterBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    number: str = Field(min_length=12, max_length=20, description="the 12-digit CCCD number (not stored)")
    category: str = Field(min_length=1, max_length=64, description="a free-rider rider_category_id")


class CccdRegistered(BaseModel):
    category: str
    card_ref: str = Field(description="first 12 hex digits of the keyed hash; never the number")
    registered_at: datetime
    registered_by: str
    created: bool


@router.post(
    "/cccd",
    response_model=CccdRegistered,
    status_code=201,
    responses={
        **problem_responses(401, 403, 422, 503),
        200: {"model": CccdRegistered, "description": "already registered (same card, same category)"},
    },
    summary="Register a free rider's CCCD with a rider category (reviewer or admin)",
)
async def register(
    body: CccdRegisterBody,
    response: Response,
    runtime: RuntimeDep,
    staff: Annotated[StaffPrincipal, Depends(require_staff(*REGISTER_ROLES, write=True))],
) -> CccdRegistered:
    async with runtime.unit_of_work() as uow:
        done = await register_cccd(
            uow.session,
            runtime.clock,
            runtime.cccd_secret,
            number=body.number,
            category=body.category,
            registered_by=staff.username or staff.staff_id,
        )
    if not done.created:
        response.status_code = 200
    return CccdRegistered(
        category=done.category,
        card_ref=done.card_ref,
        registered_at=done.registered_at,
        registered_by=done.registered_by,
        created=done.created,
    )


class CccdCardOut(BaseModel):
    card_ref: str
    category: str
    registered_at: datetime
    registered_by: str


class CccdCardPage(BaseModel):
    items: list[CccdCardOut]
    next: str | None


@router.get(
    "/cccd",
    response_model=CccdCardPage,
    responses=problem_responses(401, 403, 422),
    summary="Registered CCCD free riders by card_ref (never numbers)",
)
async def list_cards(
    runtime: RuntimeDep,
    _staff: Annotated[StaffPrincipal, Depends(require_staff(*REGISTER_ROLES, "auditor"))],
    cursor: Annotated[str | None, Query(max_length=12)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> CccdCardPage:
    async with runtime.unit_of_work() as uow:
        rows = await list_cccd(uow.session, after_ref=cursor, limit=limit + 1)
    items = [
        CccdCardOut(
            card_ref=r.card_ref,
            category=r.category,
            registered_at=r.registered_at,
            registered_by=r.registered_by,
        )
        for r in rows[:limit]
    ]
    return CccdCardPage(items=items, next=items[-1].card_ref if len(rows) > limit else None)


class FreeRideRow(BaseModel):
    service_day: date
    operator_id: str
    rider_category_id: str
    free_rides: int


class FreeRidePage(BaseModel):
    items: list[FreeRideRow]
    next: str | None = None


@router.get(
    "/cccd/free-rides",
    response_model=FreeRidePage,
    responses=problem_responses(401, 403, 422),
    summary="CCCD free rides per day, operator and rider category (the city's subsidy report)",
)
async def free_rides(
    runtime: RuntimeDep,
    _staff: Annotated[StaffPrincipal, Depends(require_staff("admin", "auditor"))],
    first_day: Annotated[date, Query()],
    last_day: Annotated[date, Query()],
) -> FreeRidePage:
    async with runtime.unit_of_work() as uow:
        counts = await free_ride_counts(uow.session, first_day=first_day, last_day=last_day)
    return FreeRidePage(
        items=[
            FreeRideRow(
                service_day=c.service_day,
                operator_id=c.operator_id,
                rider_category_id=c.rider_category_id,
                free_rides=c.rides,
            )
            for c in counts
        ]
    )


@router.get(
    "/cccd/free-rides.csv",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/csv": {}}}, **problem_responses(401, 403, 422)},
    summary="The subsidy report as CSV",
)
async def free_rides_csv(
    runtime: RuntimeDep,
    _staff: Annotated[StaffPrincipal, Depends(require_staff("admin", "auditor"))],
    first_day: Annotated[date, Query()],
    last_day: Annotated[date, Query()],
) -> PlainTextResponse:
    async with runtime.unit_of_work() as uow:
        counts = await free_ride_counts(uow.session, first_day=first_day, last_day=last_day)
    return PlainTextResponse(subsidy_csv(counts), media_type="text/csv")
