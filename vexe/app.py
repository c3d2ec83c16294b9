"""``create_app(settings)``: every HTTP API of vexe in one ASGI app."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI
from prometheus_client import CollectorRegistry
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from console import install_console
from console.qr_photo import MAX_PHOTO_BYTES
from mobile_api.api import rider_routers
from mobile_api.webapp import AppShellConfig, rider_app_routers
from ticketing.fares.source import ZipBounds
from ticketing.http import (
    devices,
    health,
    ops_auth,
    ops_cccd,
    ops_concessions,
    ops_devices,
    ops_fares,
    ops_ledger,
    ops_taps,
    ops_tickets,
    webhooks,
)
from ticketing.http import keys as issuer_keys
from ticketing.http.body_limits import BodyLimitMiddleware, BodyLimits, RouteBound
from ticketing.http.docs import install_offline_docs
from ticketing.http.middleware import HttpMetrics, RequestContextMiddleware
from ticketing.http.money_metrics import MoneyMetrics
from ticketing.http.ops_fares import FeedUploadLimits
from ticketing.http.problems import install_problem_handlers
from ticketing.http.staff_audit import StaffAuditMiddleware
from ticketing.http.times import use_network_zone
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
        ops_cccd.router,
        devices.router,
        ops_devices.router,
        ops_taps.router,
        ops_fares.router,
        ops_tickets.router,
        issuer_keys.router,
        ops_ledger.router,
        webhooks.router,
    ]


# Multipart framing around an uploaded file: the bound is the file's plus this.
_MULTIPART_OVERHEAD_BYTES = 64 * 1024
# Stripe event payloads are small but can exceed the default bound (lists of lines, metadata).
WEBHOOK_BODY_MAX_BYTES = 1024 * 1024


def body_limits(settings: Settings) -> BodyLimits:
    """Every request-body bound in one table: the default, and the routes that need more."""
    return BodyLimits(
        default_max_bytes=settings.body_max_bytes,
        routes=(
            RouteBound(re.compile(r"/v1/devices/[^/]+/taps"), settings.tap_upload_max_bytes),
            RouteBound(
                re.compile(r"/v1/ops/fares/feeds"),
                settings.fare_feed_upload_max_bytes + _MULTIPART_OVERHEAD_BYTES,
            ),
            RouteBound(re.compile(r"/v1/webhooks/[^/]+"), WEBHOOK_BODY_MAX_BYTES),
            # the console's feed upload (as the API's) and its QR-photo ticket look-up
            RouteBound(
                re.compile(r"/console/fares"),
                settings.fare_feed_upload_max_bytes + _MULTIPART_OVERHEAD_BYTES,
            ),
            RouteBound(re.compile(r"/console/tickets/scan"), MAX_PHOTO_BYTES + _MULTIPART_OVERHEAD_BYTES),
        ),
    )


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
    app.state.feed_upload_limits = FeedUploadLimits(
        upload_bytes_max=settings.fare_feed_upload_max_bytes,
        unpacked=ZipBounds(
            entries_max=settings.fare_feed_entries_max,
            total_bytes_max=settings.fare_feed_unpacked_max_bytes,
        ),
    )
    app.state.settings = settings
    registry = CollectorRegistry()
    app.state.metrics_registry = registry
    # Outermost last: the real client address first, then request ids and logs, then body bounds.
    app.add_middleware(BodyLimitMiddleware, limits=body_limits(settings))
    app.add_middleware(StaffAuditMiddleware)  # sees refusals by the body bounds too
    app.add_middleware(RequestContextMiddleware, metrics=HttpMetrics(registry))
    money_metrics = MoneyMetrics(registry)
    app.state.metrics_refreshers = [lambda: money_metrics.refresh(rt)]
    if settings.trusted_proxies:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    install_problem_handlers(app)
    install_offline_docs(app)
    for router in routers():
        # Every API answer writes its times in the network's zone (health probes need no feed).
        zoned = [] if router is health.router else [Depends(use_network_zone)]
        app.include_router(router, dependencies=zoned)
    install_rider_app(app, settings)
    install_console(app)
    return app


def install_rider_app(app: FastAPI, settings: Settings) -> None:
    """The rider PWA at /app/ (after every API router: its fallback route catches the rest)."""
    config = AppShellConfig(
        payments_provider=settings.payments_provider,
        stripe_publishable_key=settings.stripe_publishable_key,
        secure_cookies=settings.public_base_url.startswith("https://"),
    )
    app.state.rider_app_config = config
    for router in rider_app_routers(config):
        app.include_router(router)

