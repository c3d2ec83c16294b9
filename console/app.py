"""Mount the console on the vexe app: its page routers and its static files."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from console.pages import (
    audit_log,
    cccd,
    concessions,
    dashboard,
    denylist,
    devices,
    exceptions,
    fares,
    session,
    settlement,
    staff_accounts,
    tickets,
)
from console.render import STATIC_DIR

PAGES = (session, dashboard, settlement, devices, exceptions, tickets, fares, concessions, cccd,
         denylist, staff_accounts, audit_log)


def install_console(app: FastAPI) -> None:
    for module in PAGES:
        app.include_router(module.router)
    app.mount("/console/static", StaticFiles(directory=STATIC_DIR), name="console-static")
