"""Liveness, readiness and metrics endpoints."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from sqlalchemy import text

from ticketing.db.engine import READ_ONLY
from ticketing.http.deps import RuntimeDep
from ticketing.http.tap_metrics import tap_metrics_text

router = APIRouter(tags=["health"])
READINESS_TIMEOUT_S = 2.0


@router.get("/healthz", summary="Liveness: the process answers")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Readiness: database and Redis reachable",
    responses={503: {"description": "A dependency is unreachable; `failed` names it"}},
)
async def readyz(runtime: RuntimeDep) -> JSONResponse:
    async def database() -> None:
        async with runtime.engine.connect() as conn:
            # Read-only: on SQLite the probe must not queue behind (or block) a writer.
            await conn.execution_options(**READ_ONLY)
            await conn.execute(text("SELECT 1"))

    async def probe(check: Callable[[], Awaitable[None]]) -> str:
        try:
            await asyncio.wait_for(check(), READINESS_TIMEOUT_S)
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
            return f"unreachable: {type(exc).__name__}"
        return "ok"

    # Both probes at once: a dead dependency costs one timeout, not one per dependency.
    db_state, redis_state = await asyncio.gather(
        probe(database),
        probe(runtime.kv.ping) if runtime.redis_configured else _embedded(),
    )
    checks = {"database": db_state, "redis": redis_state}
    failed = [name for name, state in checks.items() if state.startswith("unreachable")]
    body = {"status": "ready" if not failed else "not_ready", "checks": checks, "failed": failed}
    return JSONResponse(body, status_code=503 if failed else 200)


async def _embedded() -> str:
    return "embedded"


@router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
async def metrics(request: Request, runtime: RuntimeDep) -> Response:
    registry: CollectorRegistry = request.app.state.metrics_registry
    for refresh in getattr(request.app.state, "metrics_refreshers", ()):
        await refresh()  # gauges read from the database at scrape time
    body = generate_latest(registry) + await tap_metrics_text(runtime)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
