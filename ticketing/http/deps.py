"""FastAPI dependencies shared by every router: the runtime and staff authorisation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ticketing.core.errors import Forbidden, Unauthenticated
from ticketing.runtime import Runtime

_bearer = HTTPBearer(auto_error=False, description="Access token from the login endpoint")
STAFF_ROLES = ("admin", "operator", "auditor", "reviewer")


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


@dataclass(frozen=True, slots=True)
class StaffPrincipal:
    staff_id: str
    username: str
    role: str
    operator_id: str | None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def can_see(self, operator_id: str | None) -> bool:
        """Admins and auditors see every operator; an operator account sees only its own."""
        if self.role != "operator":
            return True
        # An operator account without its operator would otherwise match unscoped (None) data.
        return self.operator_id is not None and operator_id == self.operator_id

    def ensure_scope(self, operator_id: str | None) -> None:
        if not self.can_see(operator_id):
            raise Forbidden("operator_scope", f"account is scoped to operator {self.operator_id}")

    def visible_operator(self, requested: str | None) -> str | None:
        """The operator filter to apply: forced to its own for operator accounts."""
        if self.role == "operator":
            if requested is not None and requested != self.operator_id:
                raise Forbidden("operator_scope", f"account is scoped to operator {self.operator_id}")
            return self.operator_id
        return requested


def require_staff(
    *roles: str, write: bool = False
) -> Callable[..., Awaitable[StaffPrincipal]]:
    """The one staff check: a valid staff token, a role in ``roles`` (any when empty), and for
    ``write`` endpoints not an auditor. Operator scope is then checked with ``ensure_scope``."""
    unknown = sorted(set(roles) - set(STAFF_ROLES))
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
        if roles and principal.role not in roles:
            raise Forbidden("role_forbidden", f"role {principal.role} cannot do this")
        if write and principal.role == "auditor":
            raise Forbidden("role_forbidden", "auditors have read-only access")
        return principal

    return dependency
