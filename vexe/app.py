"""``create_app(settings)``: every HTTP API of vexe in one ASGI app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from prometheus_client import CollectorRegistry

from console import install_console
from mobile_api.api import rider_routers
from ticketing.http import (
    devices,
    health,
    ops_auth,
    ops_concessions,
    ops_devices,
    ops_fares,
    ops_ledger,
    ops_tickets,
    webhooks,
)
from ticketing.http import keys as issuer_keys
from ticketing.http.docs import install_offline_docs
from ticketing.http.middleware import HttpMetrics, RequestContextMiddleware
from ticketing.http.problems import install_problem_handlers
from ticketing.http.staff_audit import StaffAuditMiddleware
from ticketing.runtime import Runtime
from vexe import __version__
from vexe.container import build_runtime
from vexe.settings import Settings

DESCRIPTION = (
    "vexe — vé xe điện tử cho xe buýt, BRT và metro Hà Nội / "
    "open-source e-ticketing for Hanoi's buses, BRT and metro. "
    "Errors are RFC 9457 problem+json with a stable `code`; titles follow Accept-Language (vi, en)."
)


def routers() -> list[APIRouter]:
    """Every router of the system, in the order they appear in the OpenAPI document."""
    return [
        health.router,
        ops_auth.router,
        *rider_routers(),
        ops_concessions.router,
        devices.router,
        ops_devices.router,
        ops_fares.router,
        ops_tickets.router,
        issuer_keys.router,
        ops_ledger.router,
        webhooks.router,
    ]


def create_app(settings: Settings, runtime: Runtime | None = None) -> FastAPI:
    settings.ensure_safe()
    owned = runtime is None
    rt = runtime if runtime is not None else build_runtime(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            await rt.aclose()

    app = FastAPI(
        title="vexe",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.runtime = rt
    app.state.settings = settings
    registry = CollectorRegistry()
    app.state.metrics_registry = registry
    app.add_middleware(StaffAuditMiddleware)
    app.add_middleware(RequestContextMiddleware, metrics=HttpMetrics(registry))
    install_problem_handlers(app)
    install_offline_docs(app)
    for router in routers():
        app.include_router(router)
    install_console(app)
    return app

