"""Fares: upload a GTFS feed, see its problems (file:line: field: message), compare it with the
version in force, activate it from a date (local midnight, Asia/Ho_Chi_Minh)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from console.auth import ConsoleUser, staff
from console.render import page
from console.routing import ConsoleRoute
from ticketing.core.clock import HANOI_TZ
from ticketing.core.errors import InvalidInput
from ticketing.http.deps import RuntimeDep
from ticketing.http.ops_fares import feed_upload_limits
from ticketing.service.console.fare_diff import diff_feeds, feed_of_version
from ticketing.service.fare_catalog import (
    activate_version,
    get_version,
    list_versions,
    prepare_feed,
    store_feed,
    version_id_in_force,
)

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)
Reader = Annotated[ConsoleUser, Depends(staff("admin", "auditor"))]
Writer = Annotated[ConsoleUser, Depends(staff("admin", write=True))]
PROBLEMS_SHOWN = 500


@router.get("/fares", name="fares")
async def fares(request: Request, runtime: RuntimeDep, _user: Reader) -> Response:
    async with runtime.unit_of_work() as uow:
        versions = await list_versions(uow.session, limit=50)
        in_force = await version_id_in_force(uow.session, runtime.clock.now())
    return page(request, "fares.html", {"versions": versions, "in_force": in_force})


@router.post("/fares", name="upload_feed")
async def upload(
    request: Request, runtime: RuntimeDep, user: Writer, feed: Annotated[UploadFile, File()],
) -> Response:
    limits = feed_upload_limits(request)  # the operator API's bounds, from the same settings
    data = await feed.read(limits.upload_bytes_max + 1)
    if len(data) > limits.upload_bytes_max:
        raise InvalidInput("feed_too_large", f"feed zip is larger than {limits.upload_bytes_max} bytes")
    prepared = await anyio.to_thread.run_sync(prepare_feed, data, limits.unpacked)  # CPU work
    async with runtime.unit_of_work() as uow:
        info = await store_feed(uow.session, runtime.clock, prepared, imported_by=user.principal.username)
    request.state.audit_detail = f"uploaded {info.version_id} ({len(info.errors)} errors)"
    return RedirectResponse(f"/console/fares/{info.version_id}", status_code=303)


@router.get("/fares/{version_id}", name="fare_version")
async def version(request: Request, runtime: RuntimeDep, _user: Reader, version_id: str) -> Response:
    async with runtime.unit_of_work() as uow:
        info = await get_version(uow.session, version_id)
        base_id = await version_id_in_force(uow.session, runtime.clock.now())
        candidate = await feed_of_version(uow.session, version_id) if info.valid else None
        base = await feed_of_version(uow.session, base_id) if base_id and base_id != version_id else None
    fresh = candidate is not None and base_id != version_id
    diff = diff_feeds(base, candidate, base_version_id=base_id) if fresh else None
    return page(request, "fare_version.html", {
        "v": info, "errors": info.errors[:PROBLEMS_SHOWN], "warnings": info.warnings[:PROBLEMS_SHOWN],
        "diff": diff, "in_force": base_id,
        "today": runtime.clock.now().astimezone(HANOI_TZ).date().isoformat(),
    })


@router.post("/fares/{version_id}/activate", name="activate_feed")
async def activate(
    request: Request, runtime: RuntimeDep, user: Writer, version_id: str,
    effective_date: Annotated[str, Form(min_length=10, max_length=10)],
) -> Response:
    try:
        day = date.fromisoformat(effective_date)
    except ValueError:
        raise InvalidInput("effective_from_invalid", f"not a date: {effective_date}") from None
    effective_from = datetime.combine(day, time(0), tzinfo=HANOI_TZ)
    async with runtime.unit_of_work() as uow:
        await activate_version(uow.session, runtime.clock, version_id=version_id,
                               effective_from=effective_from, activated_by=user.principal.username)
    request.state.audit_detail = f"activated {version_id} from {effective_from.isoformat()}"
    return RedirectResponse(f"/console/fares/{version_id}", status_code=303)
