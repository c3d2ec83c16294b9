"""Who is signed in: the session cookie, role checks and the CSRF check of every POST.

The roles and the operator scope are the operator API's (``StaffPrincipal``): the console
builds one from the session and asks it, so both front doors apply the same rules.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import Response

from ticketing.core.errors import Forbidden
from ticketing.http.deps import STAFF_ROLES, StaffPrincipal, get_runtime
from ticketing.service import scoping
from ticketing.service.console.sessions import OpenSession, resume_session

SESSION_COOKIE = "vexe_console"
LOGIN_CSRF_COOKIE = "vexe_console_login"
LANG_COOKIE = "vexe_console_lang"
COOKIE_PATH = "/console"


class LoginRequired(Exception):
    """No live session: the page answers with a redirect to the login form."""


@dataclass(frozen=True, slots=True)
class ConsoleUser:
    principal: StaffPrincipal
    csrf_token: str
    session_token: str

    @property
    def role(self) -> str:
        return self.principal.role

    @property
    def scope(self) -> str | None:
        """The operator every read and write is limited to (None: the whole network)."""
        return scoping.own_operator(self.principal)

    def may(self, *roles: str) -> bool:
        return self.principal.role in roles


def user_of(opened: OpenSession) -> ConsoleUser:
    staff = opened.staff
    principal = StaffPrincipal(staff.staff_id, staff.username, staff.role, staff.operator_id)
    return ConsoleUser(principal, opened.csrf_token, opened.token)


async def _session_user(request: Request) -> ConsoleUser:
    cached = getattr(request.state, "console_user", None)
    if isinstance(cached, ConsoleUser):
        return cached
    token = request.cookies.get(SESSION_COOKIE, "")
    runtime = get_runtime(request)
    async with runtime.unit_of_work() as uow:
        opened = await resume_session(uow.session, runtime.clock, token) if token else None
    if opened is None:
        raise LoginRequired
    user = user_of(opened)
    request.state.console_user = user
    return user


async def _check_csrf(request: Request, user: ConsoleUser) -> None:
    form = await request.form()
    sent = form.get("csrf")
    if not isinstance(sent, str) or not hmac.compare_digest(sent, user.csrf_token):
        raise Forbidden("csrf_failed", "the form's security token is missing or wrong; reload the page")


def staff(*roles: str, write: bool = False) -> Callable[[Request], Awaitable[ConsoleUser]]:
    """A page's access rule: a live session, a role in ``roles`` (any when empty), never an auditor
    for ``write``; on POST also the session's CSRF token in the form."""
    unknown = sorted(set(roles) - set(STAFF_ROLES))
    if unknown:
        raise ValueError(f"unknown staff role(s): {', '.join(unknown)}")

    async def dependency(request: Request) -> ConsoleUser:
        user = await _session_user(request)
        if request.method == "POST":
            await _check_csrf(request, user)
        if roles and user.role not in roles:
            raise Forbidden("role_forbidden", f"role {user.role} cannot do this")
        if write and user.role == "auditor":
            raise Forbidden("role_forbidden", "auditors have read-only access")
        return user

    return dependency


def set_session_cookie(response: Response, token: str, *, secure: bool, max_age_s: int) -> None:
    response.set_cookie(SESSION_COOKIE, token, max_age=max_age_s, path=COOKIE_PATH, httponly=True,
                        samesite="strict", secure=secure)


def login_csrf(request: Request) -> tuple[str, bool]:
    """The pre-login CSRF token (double-submit cookie) and whether it must be set."""
    current = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if 20 <= len(current) <= 64:
        return current, False
    return secrets.token_urlsafe(24), True
