"""Staff login and account management for the operator API."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from ticketing.core.errors import RateLimited
from ticketing.http.deps import RuntimeDep, StaffPrincipal, require_staff
from ticketing.http.problems import problem_responses
from ticketing.service.staff import authenticate_staff, create_staff

router = APIRouter(prefix="/v1/ops", tags=["ops: staff"])

LOGIN_ATTEMPTS_PER_MINUTE = 10


class StaffLogin(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    username: str = Field(min_length=1, max_length=120)
    password: str = Field(min_length=1, max_length=256)


class AccessToken(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - a scheme name
    expires_in: int


class StaffCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    username: str = Field(min_length=1, max_length=120)
    password: str = Field(min_length=8, max_length=256)
    role: Literal["admin", "operator", "auditor", "reviewer"]
    operator_id: str | None = Field(default=None, max_length=64)


class StaffOut(BaseModel):
    staff_id: str
    username: str
    role: str
    operator_id: str | None


@router.post(
    "/auth/login",
    response_model=AccessToken,
    responses=problem_responses(401, 422, 429),
    summary="Staff login: a short-lived access token",
)
async def login(body: StaffLogin, runtime: RuntimeDep) -> AccessToken:
    decision = await runtime.kv.hit(
        f"rl:staff-login:{body.username.lower()}", LOGIN_ATTEMPTS_PER_MINUTE, 60
    )
    if not decision.allowed:
        raise RateLimited("rate_limited", "too many login attempts", retry_after_s=decision.retry_after_s)
    async with runtime.unit_of_work() as uow:
        staff = await authenticate_staff(uow.session, body.username, body.password)
    token = runtime.access_tokens.issue(
        staff.staff_id, "staff", role=staff.role, op=staff.operator_id, usr=staff.username
    )
    return AccessToken(access_token=token, expires_in=runtime.access_tokens.ttl_s)


@router.get("/me", response_model=StaffOut, responses=problem_responses(401))
async def me(principal: Annotated[StaffPrincipal, Depends(require_staff())]) -> StaffOut:
    return StaffOut(
        staff_id=principal.staff_id,
        username=principal.username,
        role=principal.role,
        operator_id=principal.operator_id,
    )


@router.post(
    "/staff",
    response_model=StaffOut,
    status_code=201,
    responses=problem_responses(401, 403, 409, 422),
    summary="Create a staff account (admin)",
)
async def create_staff_account(
    body: StaffCreate,
    runtime: RuntimeDep,
    _admin: Annotated[StaffPrincipal, Depends(require_staff("admin", write=True))],
) -> StaffOut:
    async with runtime.unit_of_work() as uow:
        staff = await create_staff(
            uow.session,
            runtime.clock,
            username=body.username,
            password=body.password,
            role=body.role,
            operator_id=body.operator_id,
        )
    return StaffOut(
        staff_id=staff.staff_id, username=staff.username, role=staff.role, operator_id=staff.operator_id
    )
