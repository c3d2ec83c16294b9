"""The rider app's session: the refresh token lives in an HttpOnly, SameSite=Strict cookie.

The rider API answers tokens in JSON (native apps keep them in the phone's keystore). A web page
must not keep a long-lived secret where script can read it, so the app hands the refresh token it
got from login or register to ``POST /app/session`` at once: the token is rotated (the one script
saw is spent), the new one is set as a cookie that only this path receives, and the answer holds
only the short-lived access token, which the app keeps in memory. ``POST /app/session/refresh``
trades the cookie for a new access token (rotating the cookie); ``DELETE /app/session`` signs the
family out and clears the cookie.

Cross-site requests never carry the cookie (SameSite=Strict), and every call must also send the
``X-Vexe-App`` header, which a cross-origin page cannot add without a CORS preflight we never
grant: two independent guards against request forgery.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from mobile_api import settings as limits
from mobile_api.deps import RiderDep, client_address, enforce_rate
from mobile_api.routers.auth import refresh_ttl_s
from mobile_api.schemas.common import StrictIn
from ticketing.core.errors import Forbidden, Unauthenticated
from ticketing.http.deps import RuntimeDep
from ticketing.http.problems import problem_responses
from ticketing.runtime import Runtime
from ticketing.service.riders import refresh_tokens

COOKIE_NAME = "vexe_app_refresh"
COOKIE_PATH = "/app/session"
APP_HEADER = "x-vexe-app"

router = APIRouter(prefix="/app/session", tags=["rider app: session"])


class SessionIn(StrictIn):
    refresh_token: str = Field(min_length=1, max_length=200)


class SessionOut(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the scheme name, not a secret
    expires_in: int = Field(description="Seconds the access token is valid")
    rider_id: str


def _require_app(request: Request) -> None:
    if request.headers.get(APP_HEADER) != "1":
        raise Forbidden("app_header_required", "this endpoint answers the rider app only")


def _secure(request: Request) -> bool:
    secure: bool = request.app.state.rider_app_config.secure_cookies
    return secure


async def _rotate(runtime: Runtime, request: Request, token: str, response: Response) -> SessionOut:
    await enforce_rate(runtime, f"refresh:{client_address(request)}", limits.REFRESH_PER_IP_PER_MINUTE, 60)
    ttl_s = refresh_ttl_s(runtime)
    async with runtime.unit_of_work() as uow:
        result = await refresh_tokens.rotate_refresh_token(uow.session, runtime.clock, token, ttl_s)
    if result.failure == "refresh_token_reused":
        raise Unauthenticated("refresh_token_reused", "this session was already used; log in again")
    if result.failure == "refresh_token_expired":
        raise Unauthenticated("refresh_token_expired", "the session has expired; log in again")
    if result.issued is None:
        raise Unauthenticated("refresh_token_invalid", "the session is not valid; log in again")
    issued = result.issued
    response.set_cookie(
        COOKIE_NAME,
        issued.token,
        max_age=ttl_s,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )
    access = runtime.access_tokens.issue(issued.rider_id, "rider", fam=issued.family_id)
    return SessionOut(access_token=access, expires_in=runtime.access_tokens.ttl_s, rider_id=issued.rider_id)


@router.post(
    "",
    response_model=SessionOut,
    responses=problem_responses(401, 403, 422, 429),
    summary="Keep a fresh refresh token in an HttpOnly cookie; answer only an access token",
)
async def start(body: SessionIn, request: Request, response: Response, runtime: RuntimeDep) -> SessionOut:
    _require_app(request)
    return await _rotate(runtime, request, body.refresh_token, response)


@router.post(
    "/refresh",
    response_model=SessionOut,
    responses=problem_responses(401, 403, 429),
    summary="Trade the session cookie for a new access token (the cookie is rotated)",
)
async def refresh(request: Request, response: Response, runtime: RuntimeDep) -> SessionOut:
    _require_app(request)
    token = request.cookies.get(COOKIE_NAME)
    if not token:
        raise Unauthenticated("unauthenticated", "no app session; log in")
    return await _rotate(runtime, request, token, response)


@router.delete(
    "",
    status_code=204,
    response_class=Response,
    responses=problem_responses(401, 403),
    summary="Sign out: revoke the cookie's refresh-token family and clear the cookie",
)
async def end(request: Request, rider: RiderDep, runtime: RuntimeDep) -> Response:
    _require_app(request)
    token = request.cookies.get(COOKIE_NAME)
    if token:
        async with runtime.unit_of_work() as uow:
            await refresh_tokens.logout(uow.session, runtime.clock, token, rider.rider_id)
    response = Response(status_code=204)
    response.delete_cookie(COOKIE_NAME, path=COOKIE_PATH)
    return response
