"""Operator API for quarantined taps: list them, and re-queue them for processing after a fix."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ticketing.db.models.taps import Tap
from ticketing.http.deps import RuntimeDep, StaffPrincipal, require_staff
from ticketing.http.problems import problem_responses
from ticketing.http.times import LocalTime
from ticketing.service.taps.quarantine import REQUEUE_MAX, list_quarantined, requeue

router = APIRouter(prefix="/v1/ops/taps", tags=["ops: devices"])


class QuarantinedTap(BaseModel):
    tap_id: str
    device_id: str
    operator_id: str
    sequence: int
    scanned_at: LocalTime
    received_at: LocalTime
    direction: str
    accepted: bool
    reason: str
    ticket_id: str | None
    quarantined_at: LocalTime
    quarantine_reason: str


class QuarantinePage(BaseModel):
    items: list[QuarantinedTap]
    next: str | None


class RequeueIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    tap_ids: list[Annotated[str, Field(min_length=1, max_length=26)]] | None = Field(
        default=None, max_length=REQUEUE_MAX)
    device_id: str | None = Field(default=None, min_length=1, max_length=64)
    all: bool = Field(default=False, description="every quarantined tap in the caller's scope")

    @model_validator(mode="after")
    def _one_selector(self) -> RequeueIn:
        chosen = (self.tap_ids is not None) + (self.device_id is not None) + self.all
        if chosen != 1:
            raise ValueError("give exactly one of tap_ids, device_id or all")
        return self


class RequeueOut(BaseModel):
    requeued: int
    tap_ids: list[str]


def _out(tap: Tap) -> QuarantinedTap:
    assert tap.quarantined_at is not None
    return QuarantinedTap(
        tap_id=tap.tap_id, device_id=tap.device_id, operator_id=tap.operator_id,
        sequence=tap.sequence, scanned_at=tap.scanned_at, received_at=tap.received_at,
        direction=tap.direction, accepted=tap.accepted, reason=tap.reason, ticket_id=tap.ticket_id,
        quarantined_at=tap.quarantined_at, quarantine_reason=tap.quarantine_reason or "",
    )


@router.get(
    "/quarantined",
    response_model=QuarantinePage,
    responses=problem_responses(401, 403, 422),
    summary="Quarantined taps: implausible at upload, or their processing raised (kept, not applied)",
)
async def quarantined(
    runtime: RuntimeDep,
    principal: Annotated[StaffPrincipal, Depends(require_staff())],
    operator_id: Annotated[str | None, Query(max_length=64)] = None,
    device_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    after: Annotated[str | None, Query(max_length=26, description="cursor: the last tap_id")] = None,
) -> QuarantinePage:
    scope = principal.visible_operator(operator_id)
    async with runtime.unit_of_work() as uow:
        rows = await list_quarantined(uow.session, operator_id=scope, device_id=device_id,
                                      limit=limit, after=after)
    items = [_out(t) for t in rows]
    return QuarantinePage(items=items, next=items[-1].tap_id if len(items) == limit else None)


@router.post(
    "/requeue",
    response_model=RequeueOut,
    responses=problem_responses(401, 403, 422),
    summary="Re-queue quarantined taps for processing (after a fix); idempotent",
)
async def requeue_taps(
    body: RequeueIn,
    runtime: RuntimeDep,
    principal: Annotated[StaffPrincipal, Depends(require_staff("admin", "operator", write=True))],
) -> RequeueOut:
    scope = principal.visible_operator(None)  # an operator account re-queues its own taps only
    async with runtime.unit_of_work() as uow:
        ids = await requeue(uow.session, operator_id=scope, tap_ids=body.tap_ids,
                            device_id=body.device_id)
    return RequeueOut(requeued=len(ids), tap_ids=ids[:REQUEUE_MAX])
