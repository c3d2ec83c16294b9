"""Every write to the operator API lands in the staff audit log: one middleware, so no router
has to remember it. Who (the staff token's subject, when it verifies), what (method and path),
the outcome (status), from where (the client address) and when.

The entry is written after the response, in its own transaction: a refused request is recorded
too (e.g. a 403), and a failure to record is logged and never turns a done write into an error.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ticketing.core.errors import DomainError
from ticketing.runtime import Runtime
from ticketing.service.console.audit import record_staff_action

log = logging.getLogger("vexe.audit")
AUDITED_PREFIX = "/v1/ops"
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _bearer(scope: Scope) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" and token.strip() else None
    return None


class StaffAuditMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if (scope["type"] != "http" or scope.get("method") in READ_METHODS
                or not (path == AUDITED_PREFIX or path.startswith(AUDITED_PREFIX + "/"))):
            await self.app(scope, receive, send)
            return
        status = {"code": 500}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            await self._record(scope, path, status["code"])

    async def _record(self, scope: Scope, path: str, status: int) -> None:
        runtime: Runtime = scope["app"].state.runtime
        staff_id = username = operator_id = None
        token = _bearer(scope)
        if token:
            try:
                claims = runtime.access_tokens.verify(token, "staff")
                staff_id, username = claims.subject, str(claims.extra.get("usr") or "") or None
                operator_id = claims.extra.get("op")
            except DomainError:
                pass  # an invalid token is recorded as an anonymous attempt
        client = scope.get("client")
        try:
            async with runtime.unit_of_work() as uow:
                await record_staff_action(
                    uow.session, runtime.clock, staff_id=staff_id, username=username, operator_id=operator_id,
                    channel="api", action=f"{scope.get('method')} {path}"[:64],
                    method=str(scope.get("method")),
                    path=path, status=status, client_ip=client[0] if client else None,
                )
        except Exception:
            log.exception("could not record a staff action", extra={"path": path, "status": status})
