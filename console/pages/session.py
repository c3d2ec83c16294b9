"""Log in (the operator API's throttle and password check), log out, log out everywhere, language."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from console.auth import (
    COOKIE_PATH,
    LANG_COOKIE,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    ConsoleUser,
    login_csrf,
    set_session_cookie,
    staff,
    user_of,
)
from console.render import page
from console.routing import ConsoleRoute, client_ip
from console.text import LANGUAGES, pick
from ticketing.core.errors import Forbidden, RateLimited, Unauthenticated
from ticketing.http.deps import RuntimeDep
from ticketing.http.ops_auth import LOGIN_ATTEMPTS_PER_MINUTE
from ticketing.service.console.sessions import SESSION_TTL_S, close_all_sessions, close_session, open_session
from ticketing.service.staff import authenticate_staff

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)
AnyStaff = Annotated[ConsoleUser, Depends(staff())]


def _safe_next(target: str) -> str:
    """Only paths inside the console: never an open redirect."""
    return target if target.startswith("/console/") and not target.startswith("//") else "/console/"


@router.get("/login", name="login_form")
async def login_form(request: Request, next: Annotated[str, Query(max_length=300)] = "/console/") -> Response:
    token, fresh = login_csrf(request)
    response = page(request, "login.html", {"login_csrf": token, "next": _safe_next(next), "failed": None})
    if fresh:
        response.set_cookie(LOGIN_CSRF_COOKIE, token, path=COOKIE_PATH, httponly=True, samesite="strict",
                            secure=request.app.state.runtime.is_production)
    return response


@router.post("/login", name="login")
async def login(
    request: Request, runtime: RuntimeDep,
    username: Annotated[str, Form(min_length=1, max_length=120)],
    password: Annotated[str, Form(min_length=1, max_length=256)],
    csrf: Annotated[str, Form(max_length=64)] = "",
    next: Annotated[str, Form(max_length=300)] = "/console/",
) -> Response:
    request.state.audit_username = username
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(csrf, expected):
        raise Forbidden("csrf_failed", "the form's security token is missing or wrong; reload the page")
    # The same counter as POST /v1/ops/auth/login: both doors share one budget per username.
    decision = await runtime.kv.hit(f"rl:staff-login:{username.lower()}", LOGIN_ATTEMPTS_PER_MINUTE, 60)
    if not decision.allowed:
        raise RateLimited("rate_limited", "too many login attempts", retry_after_s=decision.retry_after_s)
    try:
        async with runtime.unit_of_work() as uow:
            identity = await authenticate_staff(uow.session, username, password)
            opened = await open_session(uow.session, runtime.clock, identity, client_ip=client_ip(request),
                                        user_agent=request.headers.get("user-agent"))
    except Unauthenticated:
        lang = request.state.console_lang
        return page(request, "login.html", {
            "login_csrf": expected, "next": _safe_next(next),
            "failed": pick(lang, "Sai tên đăng nhập hoặc mật khẩu.", "Wrong username or password."),
        }, status=401)
    request.state.console_user = user_of(opened)
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookie(response, opened.token, secure=runtime.is_production, max_age_s=SESSION_TTL_S)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=COOKIE_PATH)
    return response


@router.post("/logout", name="logout")
async def logout(runtime: RuntimeDep, user: AnyStaff) -> Response:
    async with runtime.unit_of_work() as uow:
        await close_session(uow.session, runtime.clock, user.session_token)
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
    return response


@router.post("/logout-everywhere", name="logout_everywhere")
async def logout_everywhere(request: Request, runtime: RuntimeDep, user: AnyStaff) -> Response:
    async with runtime.unit_of_work() as uow:
        closed = await close_all_sessions(uow.session, runtime.clock, user.principal.staff_id)
    request.state.audit_detail = f"{closed} sessions closed"
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
    return response


@router.get("/lang", name="language")
async def language(
    request: Request, to: Annotated[str, Query(max_length=2)] = "vi",
    next: Annotated[str, Query(max_length=300)] = "/console/",
) -> Response:
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(LANG_COOKIE, to if to in LANGUAGES else "vi", path=COOKIE_PATH, samesite="strict",
                        max_age=365 * 86400, secure=request.app.state.runtime.is_production)
    return response
