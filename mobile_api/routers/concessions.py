"""A rider asks for a concession category; an operator decides (ticketing.http.ops_concessions)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from mobile_api import settings as limits
from mobile_api.deps import RiderDep
from mobile_api.feed import current_feed
from mobile_api.schemas.concessions import ConcessionIn, ConcessionOut, ConcessionPage
from ticketing.http.deps import RuntimeDep
from ticketing.http.problems import problem_responses
from ticketing.service.riders import concessions
from ticketing.service.riders.catalog import category_names
from ticketing.service.riders.paging import check_cursor

router = APIRouter(prefix="/v1", tags=["rider: concessions"])


def concession_out(view: concessions.ConcessionView) -> ConcessionOut:
    return ConcessionOut(
        concession_id=view.concession_id,
        rider_category_id=view.rider_category_id,
        status=view.status,
        proof_reference=view.proof_reference,
        requested_at=view.requested_at,
        decided_at=view.decided_at,
        decision_note=view.decision_note,
    )


@router.post(
    "/concessions",
    response_model=ConcessionOut,
    status_code=201,
    responses=problem_responses(400, 401, 409, 422, 503),
    summary="Ask for a concession category (priority, elderly, ...) with proof",
)
async def request_concession(body: ConcessionIn, rider: RiderDep, runtime: RuntimeDep) -> ConcessionOut:
    async with runtime.unit_of_work() as uow:
        feed = await current_feed(uow.session, runtime.clock)
        view = await concessions.request_concession(
            uow.session,
            runtime.clock,
            rider.rider_id,
            rider_category_id=body.rider_category_id,
            proof_reference=body.proof_reference,
            categories=category_names(feed),
        )
    return concession_out(view)


@router.get(
    "/concessions",
    response_model=ConcessionPage,
    responses=problem_responses(401, 422),
    summary="The rider's concession requests, newest first",
)
async def list_my_concessions(
    rider: RiderDep,
    runtime: RuntimeDep,
    cursor: Annotated[str | None, Query(max_length=26)] = None,
    limit: Annotated[int, Query(ge=1, le=limits.PAGE_SIZE_MAX)] = limits.PAGE_SIZE_DEFAULT,
) -> ConcessionPage:
    async with runtime.unit_of_work() as uow:
        rows = await concessions.list_concessions(
            uow.session, rider_id=rider.rider_id, before_id=check_cursor(cursor), limit=limit + 1
        )
    return ConcessionPage(
        items=[concession_out(r) for r in rows[:limit]],
        next=rows[limit - 1].concession_id if len(rows) > limit else None,
    )
