"""The rider web app (PWA) at ``/app/``: its built shell and its same-origin session cookie."""

from __future__ import annotations

from fastapi import APIRouter

from mobile_api.webapp.config import AppShellConfig
from mobile_api.webapp.session import router as session_router
from mobile_api.webapp.shell import shell_router

__all__ = ["AppShellConfig", "rider_app_routers"]


def rider_app_routers(config: AppShellConfig) -> list[APIRouter]:
    """The session endpoints first: the shell's catch-all route must not shadow them."""
    return [session_router, shell_router(config)]
