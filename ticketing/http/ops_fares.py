"""Operator API for fare catalogue versions: upload a GTFS zip, see its problems, activate it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

import anyio.to_thread
from fastapi import APIRouter, Depends, Query, Request, Response, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from ticketing.core.clock import parse_aware
from ticketing.core.errors import InvalidInput
from ticketing.fares.source import ZipBounds
from ticketing.http.deps import RuntimeDep, StaffPrincipal, require_staff
from ticketing.http.problems import problem_responses
from ticketing.http.times import LocalTime
from ticketing.service.fare_catalog import (
    FeedVersionInfo,
    activate_version,
    get_version,
    list_versions,
    prepare_feed,
    store_feed,
    version_id_in_force,
)

router = APIRouter(prefix="/v1/ops/fares", tags=["ops: fares"])



@dataclass(frozen=True, slots=True)
class FeedUploadLimits:
    """Bounds of an uploaded feed zip; the app sets them from settings (``app.state``)."""

    upload_bytes_max: int = 50 * 1024 * 1024
    unpacked: ZipBounds = field(default_factory=ZipBounds)


def feed_upload_limits(request: Request) -> FeedUploadLimits:
    limits = getattr(request.app.state, "feed_upload_limits", None)
    return limits if isinstance(limits, FeedUploadLimits) else FeedUploadLimits()

Limit = Annotated[int, Query(ge=1, le=200)]
Reader = Annotated[StaffPrincipal, Depends(require_staff("admin", "auditor"))]
Writer = Annotated[StaffPrincipal, Depends(require_staff("admin", write=True))]


class ActivationOut(BaseModel):
    effective_from: LocalTime
    activated_at: LocalTime
    activated_by: str


class FeedVersionOut(BaseModel):
    version_id: str
    content_hash: str
    feed_version: str | None
    imported_at: LocalTime
    imported_by: str
    valid: bool
    error_count: int
    warning_count: int
    created: bool = Field(description="false when the same content had been imported before")
    activations: list[ActivationOut]
    summary: dict[str, Any]


class FeedVersionPage(BaseModel):
    items: list[FeedVersionOut]
    next: str | None


class ProblemPage(BaseModel):
    kind: Literal["errors", "warnings"]
    items: list[str] = Field(description="file:line: field: message")
    total: int
    next: str | None


class ActivateIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    effective_from: str = Field(
        min_length=10, max_length=40, description="ISO 8601 with offset, e.g. 2026-01-01T00:00:00+07:00"
    )


class InForceOut(BaseModel):
    at: LocalTime
    version_id: str | None


def _out(info: FeedVersionInfo) -> FeedVersionOut:
    return FeedVersionOut(
        version_id=info.version_id,
        content_hash=info.content_hash,
        feed_version=info.feed_version,
        imported_at=info.imported_at,
        imported_by=info.imported_by,
        valid=info.valid,
        error_count=len(info.errors),
        warning_count=len(info.warnings),
        created=info.created,
        activations=[
            ActivationOut(
                effective_from=a.effective_from, activated_at=a.activated_at, activated_by=a.activated_by
            )
            for a in info.activations
        ],
        summary=info.summary,
    )


@router.post(
    "/feeds",
    response_model=FeedVersionOut,
    status_code=201,
    responses={
        200: {"description": "The same feed content was imported before"},
        **problem_responses(401, 403, 413, 422),
    },
    summary="Upload a GTFS feed (zip) as a new fare catalogue version",
)
async def upload_feed(
    file: UploadFile, request: Request, runtime: RuntimeDep, principal: Writer, response: Response
) -> FeedVersionOut:
    limits = feed_upload_limits(request)
    data = await file.read(limits.upload_bytes_max + 1)
    if len(data) > limits.upload_bytes_max:
        raise InvalidInput("feed_too_large", f"feed zip is larger than {limits.upload_bytes_max} bytes")
    # Unpacking, validating and re-packing is CPU work: off the event loop, so other requests
    # (health checks, readers' syncs) keep being answered during an import.
    prepared = await anyio.to_thread.run_sync(prepare_feed, data, limits.unpacked)
    async with runtime.unit_of_work() as uow:
        info = await store_feed(uow.session, runtime.clock, prepared, imported_by=principal.username)
    if not info.created:
        response.status_code = 200
    return _out(info)


@router.get(
    "/feeds",
    response_model=FeedVersionPage,
    responses=problem_responses(401, 403, 422),
    summary="Fare catalogue versions, newest first",
)
async def list_feeds(
    runtime: RuntimeDep,
    _reader: Reader,
    limit: Limit = 50,
    cursor: Annotated[str | None, Query(max_length=26, description="next from the previous page")] = None,
) -> FeedVersionPage:
    async with runtime.unit_of_work() as uow:
        items = await list_versions(uow.session, limit=limit + 1, before=cursor)
    page = items[:limit]
    return FeedVersionPage(
        items=[_out(i) for i in page], next=page[-1].version_id if len(items) > limit else None
    )


@router.get(
    "/feeds/{version_id}",
    response_model=FeedVersionOut,
    responses=problem_responses(401, 403, 404, 422),
    summary="One fare catalogue version",
)
async def get_feed(version_id: str, runtime: RuntimeDep, _reader: Reader) -> FeedVersionOut:
    async with runtime.unit_of_work() as uow:
        return _out(await get_version(uow.session, version_id))


@router.get(
    "/feeds/{version_id}/problems",
    response_model=ProblemPage,
    responses=problem_responses(401, 403, 404, 422),
    summary="Problems found when the feed was imported (file:line: field: message)",
)
async def feed_problems(
    version_id: str,
    runtime: RuntimeDep,
    _reader: Reader,
    kind: Annotated[Literal["errors", "warnings"], Query()] = "errors",
    limit: Limit = 100,
    cursor: Annotated[str | None, Query(max_length=7, pattern=r"^\d+$")] = None,
) -> ProblemPage:
    async with runtime.unit_of_work() as uow:
        info = await get_version(uow.session, version_id)
    problems = info.errors if kind == "errors" else info.warnings
    offset = int(cursor) if cursor else 0
    end = offset + limit
    return ProblemPage(
        kind=kind,
        items=list(problems[offset:end]),
        total=len(problems),
        next=str(end) if end < len(problems) else None,
    )


@router.post(
    "/feeds/{version_id}/activations",
    response_model=FeedVersionOut,
    responses=problem_responses(400, 401, 403, 404, 409, 422),
    summary="Activate a version from a date (never rewrites a period already priced)",
)
async def activate_feed(
    version_id: str, body: ActivateIn, runtime: RuntimeDep, principal: Writer
) -> FeedVersionOut:
    try:
        effective_from = parse_aware(body.effective_from)
    except ValueError as exc:
        raise InvalidInput("effective_from_invalid", str(exc)) from None
    async with runtime.unit_of_work() as uow:
        info = await activate_version(
            uow.session,
            runtime.clock,
            version_id=version_id,
            effective_from=effective_from,
            activated_by=principal.username,
        )
    return _out(info)


@router.get(
    "/in-force",
    response_model=InForceOut,
    responses=problem_responses(401, 403, 422),
    summary="Which version prices journeys at a time (default: now)",
)
async def in_force(
    runtime: RuntimeDep,
    _reader: Reader,
    at: Annotated[str | None, Query(max_length=40, description="ISO 8601 with offset")] = None,
) -> InForceOut:
    try:
        when = parse_aware(at) if at else runtime.clock.now()
    except ValueError as exc:
        raise InvalidInput("at_invalid", str(exc)) from None
    async with runtime.unit_of_work() as uow:
        return InForceOut(at=when, version_id=await version_id_in_force(uow.session, when))
