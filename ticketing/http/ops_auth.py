"""Staff login and account management for the operator API."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from ticketing.core.errors import RateLimited
from ticketing.core.identity_text import fold_identity
from ticketing.http.deps import STAFF_ROLES, RuntimeDep, StaffPrincipal, client_address, require_staff
from ticketing.http.problems import problem_responses
from ticketing.service.staff import (
    USERNAME_MAX_LENGTH,
    authenticate_staff,
    create_staff,
    ensure_operator_known,
)

router = APIRouter(prefix="/v1/ops", tags=["ops: staff"])

LOGIN_ATTEMPTS_PER_MINUTE = 10
LOGIN_ATTEMPTS_PER_IP_PER_MINUTE = 30


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
    username: str = Field(min_length=1, max_length=USERNAME_MAX_LENGTH)
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
async def login(body: StaffLogin, request: Request, runtime: RuntimeDep) -> AccessToken:
    # Per client and per account; the account key folds every spelling the lookup would accept.
    for key, limit in (
        (f"rl:staff-login-ip:{client_address(request)}", LOGIN_ATTEMPTS_PER_IP_PER_MINUTE),
        (f"rl:staff-login:{fold_identity(body.username)}", LOGIN_ATTEMPTS_PER_MINUTE),
    ):
        decision = await runtime.kv.hit(key, limit, 60)
        if not decision.allowed:
            raise RateLimited("rate_limited", "too many login attempts", retry_after_s=decision.retry_after_s)
    async with runtime.unit_of_work() as uow:
        staff = await authenticate_staff(uow.session, body.username, body.password)
    token = runtime.access_tokens.issue(
        staff.staff_id, "staff", role=staff.role, op=staff.operator_id, usr=staff.username
    )
    return AccessToken(access_token=token, expires_in=runtime.access_tokens.ttl_s)


@router.get("/me", response_model=StaffOut, responses=problem_responses(401))
async def me(principal: Annotated[StaffPrincipal, Depends(require_staff(*STAFF_ROLES))]) -> StaffOut:
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
        if body.role == "operator" and body.operator_id:
            await ensure_operator_known(uow.session, runtime.clock, body.operator_id)
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
