"""Rider accounts: register, login, refresh with rotation, logout, password change."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from mobile_api import settings as limits
from mobile_api.deps import RiderDep, client_address, enforce_rate
from mobile_api.schemas.auth import (
    LoginIn,
    PasswordChangeIn,
    RefreshIn,
    RegisteredOut,
    RegisterIn,
    RiderOut,
    TokenPair,
)
from ticketing.core.errors import InvalidInput, NotFound, Unauthenticated
from ticketing.http.deps import RuntimeDep
from ticketing.http.problems import problem_responses
from ticketing.runtime import Runtime
from ticketing.service.riders import accounts, refresh_tokens
from ticketing.service.riders.identifiers import throttle_identity

router = APIRouter(prefix="/v1/auth", tags=["rider: auth"])
me_router = APIRouter(prefix="/v1", tags=["rider: auth"])


def refresh_ttl_s(runtime: Runtime) -> int:
    ttl = runtime.rider_refresh_ttl_s
    return limits.REFRESH_TTL_S_DEFAULT if ttl is None else ttl


def _pair(runtime: Runtime, rider_id: str, issued: refresh_tokens.IssuedRefresh) -> TokenPair:
    access = runtime.access_tokens.issue(rider_id, "rider", fam=issued.family_id)
    return TokenPair(access_token=access, refresh_token=issued.token, expires_in=runtime.access_tokens.ttl_s)


@router.post(
    "/register",
    response_model=RegisteredOut,
    status_code=201,
    responses=problem_responses(409, 422, 429),
    summary="Create a rider account with an e-mail or a Vietnamese phone number",
)
async def register(body: RegisterIn, request: Request, runtime: RuntimeDep) -> RegisteredOut:
    await enforce_rate(runtime, f"register:{client_address(request)}", limits.REGISTER_PER_IP_PER_HOUR, 3600)
    ident = throttle_identity(body.email, body.phone)
    await enforce_rate(runtime, f"register-id:{ident}", limits.REGISTER_PER_LOGIN_PER_HOUR, 3600)
    async with runtime.unit_of_work() as uow:
        rider = await accounts.register_rider(
            uow.session, runtime.clock, email=body.email, phone=body.phone, password=body.password
        )
        issued = await refresh_tokens.issue_refresh_token(
            uow.session, runtime.clock, rider.rider_id, refresh_ttl_s(runtime)
        )
    pair = _pair(runtime, rider.rider_id, issued)
    return RegisteredOut(
        **pair.model_dump(), rider=RiderOut(rider_id=rider.rider_id, email=rider.email, phone=rider.phone)
    )


@router.post(
    "/login",
    response_model=TokenPair,
    responses=problem_responses(401, 422, 429),
    summary="Log in: an access token and the first refresh token of a new family",
)
async def login(body: LoginIn, request: Request, runtime: RuntimeDep) -> TokenPair:
    if (body.email is None) == (body.phone is None):
        raise InvalidInput("login_required", "give exactly one of email or phone")
    ident = throttle_identity(body.email, body.phone)  # every spelling of one account counts together
    await enforce_rate(runtime, f"login-ip:{client_address(request)}", limits.LOGIN_PER_IP_PER_MINUTE, 60)
    await enforce_rate(runtime, f"login:{ident}", limits.LOGIN_PER_LOGIN_PER_MINUTE, 60)
    async with runtime.unit_of_work() as uow:
        rider = await accounts.authenticate_rider(
            uow.session, email=body.email, phone=body.phone, password=body.password
        )
        issued = await refresh_tokens.issue_refresh_token(
            uow.session, runtime.clock, rider.rider_id, refresh_ttl_s(runtime)
        )
    return _pair(runtime, rider.rider_id, issued)


_REFRESH_DETAIL = {
    "refresh_token_invalid": "the refresh token is not valid",
    "refresh_token_expired": "the refresh token has expired; log in again",
    "refresh_token_reused": "this refresh token was already used; every session of it is now signed out",
}


@router.post(
    "/refresh",
    response_model=TokenPair,
    responses=problem_responses(401, 422, 429),
    summary="Trade a refresh token for a new pair (the old one is spent; reuse revokes the family)",
)
async def refresh(body: RefreshIn, request: Request, runtime: RuntimeDep) -> TokenPair:
    await enforce_rate(runtime, f"refresh:{client_address(request)}", limits.REFRESH_PER_IP_PER_MINUTE, 60)
    async with runtime.unit_of_work() as uow:
        result = await refresh_tokens.rotate_refresh_token(
            uow.session, runtime.clock, body.refresh_token, refresh_ttl_s(runtime)
        )
    # Committed first: a detected reuse must stay revoked even though the answer is an error.
    if result.failure is not None or result.issued is None:
        code = result.failure or "refresh_token_invalid"
        raise Unauthenticated(code, _REFRESH_DETAIL[code])
    return _pair(runtime, result.issued.rider_id, result.issued)


@router.post(
    "/logout",
    status_code=204,
    response_class=Response,
    responses=problem_responses(401, 422),
    summary="Sign out: revoke the refresh-token family (access tokens expire on their own)",
)
async def logout(body: RefreshIn, rider: RiderDep, runtime: RuntimeDep) -> Response:
    async with runtime.unit_of_work() as uow:
        await refresh_tokens.logout(uow.session, runtime.clock, body.refresh_token, rider.rider_id)
    return Response(status_code=204)


@router.post(
    "/password",
    response_model=TokenPair,
    responses=problem_responses(401, 422, 429),
    summary="Change the password: every other session is signed out, a new pair is returned",
)
async def change_password(body: PasswordChangeIn, rider: RiderDep, runtime: RuntimeDep) -> TokenPair:
    await enforce_rate(runtime, f"password:{rider.rider_id}", limits.PASSWORD_CHANGE_PER_RIDER_PER_HOUR, 3600)
    async with runtime.unit_of_work() as uow:
        await accounts.change_password(
            uow.session,
            runtime.clock,
            rider.rider_id,
            current_password=body.current_password,
            new_password=body.new_password,
        )
        await refresh_tokens.revoke_all_for_rider(
            uow.session, runtime.clock, rider.rider_id, "password_changed"
        )
        issued = await refresh_tokens.issue_refresh_token(
            uow.session, runtime.clock, rider.rider_id, refresh_ttl_s(runtime)
        )
    return _pair(runtime, rider.rider_id, issued)


@me_router.get("/me", response_model=RiderOut, responses=problem_responses(401, 404))
async def me(rider: RiderDep, runtime: RuntimeDep) -> RiderOut:
    async with runtime.unit_of_work() as uow:
        found = await accounts.get_rider(uow.session, rider.rider_id)
    if found is None:
        raise NotFound("rider_not_found", "rider account not found")
    return RiderOut(rider_id=found.rider_id, email=found.email, phone=found.phone)
