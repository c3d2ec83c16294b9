"""Refunds of unused tickets (docs/refund-policy.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from mobile_api import settings as limits
from mobile_api.deps import RiderDep
from mobile_api.ports import purchase_ports
from mobile_api.schemas.wallet import RefundIn, RefundOut, RefundPage
from ticketing.http.deps import RuntimeDep
from ticketing.http.problems import problem_responses
from ticketing.service.riders import refunds
from ticketing.service.riders.paging import check_cursor

router = APIRouter(prefix="/v1/refunds", tags=["rider: refunds"])


def refund_out(view: refunds.RefundView) -> RefundOut:
    return RefundOut(
        refund_id=view.refund_id,
        ticket_id=view.ticket_id,
        order_id=view.order_id,
        amount_minor=view.amount_minor,
        currency=view.currency,
        status=view.status,
        created_at=view.created_at,
    )


@router.post(
    "",
    response_model=RefundOut,
    status_code=201,
    responses={
        200: {"model": RefundOut, "description": "The ticket was already refunded: the same refund"},
        **problem_responses(400, 401, 402, 404, 422, 503),
    },
    summary="Refund an unused ticket: the money goes back, the ticket is deny-listed",
)
async def create_refund(body: RefundIn, rider: RiderDep, runtime: RuntimeDep) -> Any:
    ports = purchase_ports(runtime)
    try:
        view, created = await refunds.refund_ticket(
            runtime.unit_of_work, runtime.clock, ports.payments, rider_id=rider.rider_id,
            ticket_id=body.ticket_id, reason=body.reason,
        )
    except IntegrityError:  # a concurrent request refunded it first: the same refund
        view, created = await refunds.refund_ticket(
            runtime.unit_of_work, runtime.clock, ports.payments, rider_id=rider.rider_id,
            ticket_id=body.ticket_id, reason=body.reason,
        )
    return JSONResponse(refund_out(view).model_dump(mode="json"), status_code=201 if created else 200)


@router.get(
    "",
    response_model=RefundPage,
    responses=problem_responses(401, 422),
    summary="The rider's refunds, newest first",
)
async def list_refunds(
    rider: RiderDep,
    runtime: RuntimeDep,
    cursor: Annotated[str | None, Query(max_length=26)] = None,
    limit: Annotated[int, Query(ge=1, le=limits.PAGE_SIZE_MAX)] = limits.PAGE_SIZE_DEFAULT,
) -> RefundPage:
    async with runtime.unit_of_work() as uow:
        views = await refunds.list_refunds(
            uow.session, rider.rider_id, before_id=check_cursor(cursor), limit=limit + 1
        )
    return RefundPage(
        items=[refund_out(v) for v in views[:limit]],
        next=views[limit - 1].refund_id if len(views) > limit else None,
    )
