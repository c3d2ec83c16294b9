"""The console's route class: domain errors become HTML pages, a missing session becomes a
redirect to the login form, and every POST is written to the staff audit log."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute

from console.auth import LANG_COOKIE, ConsoleUser, LoginRequired
from console.render import page
from console.text import LANGUAGES
from ticketing.core.errors import DomainError
from ticketing.http.deps import get_runtime
from ticketing.http.problem_catalog import status_for, title_for
from ticketing.service.console.audit import record_staff_action

log = logging.getLogger("vexe.console")


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


async def audit(request: Request, action: str, status: int) -> None:
    """Record a console POST: who (the session's staff, if any), what, when, from where."""
    user = getattr(request.state, "console_user", None)
    principal = user.principal if isinstance(user, ConsoleUser) else None
    runtime = get_runtime(request)
    try:
        async with runtime.unit_of_work() as uow:
            await record_staff_action(
                uow.session, runtime.clock,
                staff_id=principal.staff_id if principal else None,
                username=principal.username if principal else getattr(request.state, "audit_username", None),
                operator_id=principal.operator_id if principal else None, channel="console", action=action,
                method=request.method, path=request.url.path, status=status, client_ip=client_ip(request),
                detail=str(getattr(request.state, "audit_detail", "")),
            )
    except Exception:  # the action is committed; its audit entry failing must not undo the answer
        log.exception("could not record a staff action", extra={"path": request.url.path, "status": status})


def _error_page(request: Request, status: int, code: str, kind: str, detail: str) -> Response:
    lang = getattr(request.state, "console_lang", "vi")
    return page(request, "error.html", {"status": status, "code": code,
                                        "title": title_for(code, kind, lang), "detail": detail},
                status=status)


class ConsoleRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()
        action = self.name

        async def handler(request: Request) -> Response:
            lang = request.cookies.get(LANG_COOKIE, "vi")
            request.state.console_lang = lang if lang in LANGUAGES else "vi"
            try:
                response = await original(request)
            except LoginRequired:
                target = request.url.path if request.method == "GET" else "/console/"
                return RedirectResponse(f"/console/login?next={quote(target)}", status_code=303)
            except DomainError as exc:
                response = _error_page(request, status_for(exc.kind), exc.code, exc.kind, exc.detail)
            except RequestValidationError as exc:
                first = exc.errors()[0] if exc.errors() else {}
                where = ".".join(str(p) for p in first.get("loc", ()))
                response = _error_page(request, 422, "validation_failed", "invalid",
                                       f"{where}: {first.get('msg', 'invalid')}")
            if request.method == "POST":
                await audit(request, action, response.status_code)
            return response

        return handler
