"""FastAPI dependencies shared by every router: the runtime and staff authorisation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ticketing.core.errors import Forbidden, Unauthenticated
from ticketing.runtime import Runtime
from ticketing.service import scoping
from ticketing.service.scoping import OPERATIONS_ROLES, STAFF_ROLES

__all__ = ["STAFF_ROLES", "RuntimeDep", "StaffPrincipal", "client_address", "get_runtime", "require_staff"]

_bearer = HTTPBearer(auto_error=False, description="Access token from the login endpoint")


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def client_address(request: Request) -> str:
    """The client's address: the TCP peer, or the forwarded client when the peer is a trusted
    proxy (VEXE_TRUSTED_PROXIES, applied by the app's proxy-headers middleware)."""
    return request.client.host if request.client is not None else "unknown"


@dataclass(frozen=True, slots=True)
class StaffPrincipal:
    staff_id: str
    username: str
    role: str
    operator_id: str | None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    # The decisions are ticketing.service.scoping's; these read well at call sites.
    def can_see(self, operator_id: str | None) -> bool:
        return scoping.sees_operator(self, operator_id)

    def ensure_scope(self, operator_id: str | None) -> None:
        scoping.ensure_sees_operator(self, operator_id)

    def visible_operator(self, requested: str | None) -> str | None:
        return scoping.operator_filter(self, requested)


def require_staff(
    *roles: str, write: bool = False
) -> Callable[..., Awaitable[StaffPrincipal]]:
    """The one staff check: a valid staff token, a role in ``roles`` (when empty: the operations
    roles — admin, operator, auditor; a reviewer only where named), and for ``write`` endpoints
    not an auditor. Operator scope is then checked with ``ensure_scope``."""
    unknown = sorted(set(roles) - set(STAFF_ROLES))
    allowed = roles or OPERATIONS_ROLES
    if unknown:  # a typo here would silently lock every account out of the endpoint
        raise ValueError(f"unknown staff role(s): {', '.join(unknown)}")

    async def dependency(
        runtime: RuntimeDep,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> StaffPrincipal:
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise Unauthenticated("unauthenticated", "a staff bearer token is required")
        claims = runtime.access_tokens.verify(credentials.credentials, "staff")
        principal = StaffPrincipal(
            staff_id=claims.subject,
            username=str(claims.extra.get("usr", "")),
            role=str(claims.extra.get("role", "")),
            operator_id=claims.extra.get("op"),
        )
        if principal.role not in STAFF_ROLES or (principal.role == "operator" and not principal.operator_id):
            raise Forbidden("role_forbidden", "the token carries no usable staff role")
        if principal.role not in allowed:
            raise Forbidden("role_forbidden", f"role {principal.role} cannot do this")
        if write and principal.role == "auditor":
            raise Forbidden("role_forbidden", "auditors have read-only access")
        return principal

    return dependency
