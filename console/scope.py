"""Object-level scoping for pages reached by URL: another operator's object is "not found",
exactly like an id that does not exist (no hint that it does)."""

from __future__ import annotations

from console.auth import ConsoleUser
from ticketing.core.errors import NotFound


def ensure_visible(user: ConsoleUser, operator_id: str | None, code: str, what: str) -> None:
    if not user.principal.can_see(operator_id):
        raise NotFound(code, f"no {what}")
