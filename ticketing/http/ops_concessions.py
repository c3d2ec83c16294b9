"""Reviewers decide riders' concession requests (proof of a priority category).

A concession changes what a rider pays on every operator's routes, so it is decided at city level
(``reviewer`` or ``admin``), never by one operator; proof references (CCCD numbers) are shown in
clear only to those roles (ticketing.service.scoping)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from ticketing.http.deps import RuntimeDep, StaffPrincipal, require_staff
from ticketing.http.problems import problem_responses
from ticketing.http.times import LocalTime
from ticketing.service import scoping
from ticketing.service.riders import concessions
from ticketing.service.riders.paging import check_cursor

router = APIRouter(prefix="/v1/ops", tags=["ops: concessions"])


class ConcessionDecision(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    decision: Literal["approve", "reject"]
    note: str | None = Field(default=None, max_length=500)


class OpsConcession(BaseModel):
    concession_id: str
    rider_id: str
    rider_category_id: str
    status: str
    proof_reference: str
    requested_at: LocalTime
    decided_at: LocalTime | None
    decided_by: str | None
    decision_note: str | None


class OpsConcessionPage(BaseModel):
    items: list[OpsConcession]
    next: str | None


def _out(view: concessions.ConcessionView, staff: StaffPrincipal) -> OpsConcession:
    return OpsConcession(
        concession_id=view.concession_id,
        rider_id=view.rider_id,
        rider_category_id=view.rider_category_id,
        status=view.status,
        proof_reference=scoping.proof_reference_for(staff, view.proof_reference),
        requested_at=view.requested_at,
        decided_at=view.decided_at,
        decided_by=view.decided_by,
        decision_note=view.decision_note,
    )


@router.get(
    "/concessions",
    response_model=OpsConcessionPage,
    responses=problem_responses(401, 403, 422),
    summary="Concession requests, newest first (filter by status); reviewers, admins, auditors "
    "(proof references masked for auditors)",
)
async def list_concessions(
    runtime: RuntimeDep,
    staff: Annotated[StaffPrincipal, Depends(require_staff(*scoping.CONCESSION_READ_ROLES))],
    status: Annotated[Literal["pending", "approved", "rejected"] | None, Query()] = None,
    cursor: Annotated[str | None, Query(max_length=26)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> OpsConcessionPage:
    async with runtime.unit_of_work() as uow:
        rows = await concessions.list_concessions(
            uow.session, status=status, before_id=check_cursor(cursor), limit=limit + 1
        )
    return OpsConcessionPage(
        items=[_out(r, staff) for r in rows[:limit]],
        next=rows[limit - 1].concession_id if len(rows) > limit else None,
    )


@router.post(
    "/concessions/{concession_id}/decision",
    response_model=OpsConcession,
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Approve or reject a concession request (reviewer or admin)",
)
async def decide(
    body: ConcessionDecision,
    runtime: RuntimeDep,
    staff: Annotated[StaffPrincipal, Depends(require_staff(*scoping.REVIEW_ROLES, write=True))],
    concession_id: Annotated[str, Path(max_length=26)],
) -> OpsConcession:
    async with runtime.unit_of_work() as uow:
        view = await concessions.decide_concession(
            uow.session,
            runtime.clock,
            concession_id,
            approve=body.decision == "approve",
            staff_id=staff.staff_id,
            note=body.note,
        )
    return _out(view, staff)
