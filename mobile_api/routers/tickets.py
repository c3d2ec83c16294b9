"""The rider's tickets: list, detail and QR images. Another rider's ticket is a 404."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response

from mobile_api import settings as limits
from mobile_api.deps import RiderDep
from mobile_api.ports import issuer_keys
from mobile_api.schemas.tickets import TicketOut, TicketPage
from ticketing.http.deps import RuntimeDep
from ticketing.http.problems import problem_responses
from ticketing.service.riders import tickets
from ticketing.service.tickets import activate_pass, render_qr

router = APIRouter(prefix="/v1/tickets", tags=["rider: tickets"])

TicketId = Annotated[str, Path(max_length=26)]
Status = Literal["issued", "active", "used", "expired", "refunded", "revoked"]


def ticket_out(view: tickets.TicketView) -> TicketOut:
    base = f"/v1/tickets/{view.ticket_id}"
    return TicketOut(
        ticket_id=view.ticket_id,
        code=view.code,
        status=view.status,
        kind=view.kind,
        order_id=view.order_id,
        fare_product_id=view.fare_product_id,
        rider_category_id=view.rider_category_id,
        fare_media_id=view.fare_media_id,
        amount_minor=view.amount_minor,
        currency=view.currency,
        valid_from=view.valid_from,
        valid_until=view.valid_until,
        issued_at=view.issued_at,
        first_used_at=view.first_used_at,
        device_bound=view.device_bound,
        qr_svg_url=f"{base}/qr.svg",
        qr_png_url=f"{base}/qr.png",
    )


@router.get(
    "",
    response_model=TicketPage,
    responses=problem_responses(401, 422),
    summary="The rider's tickets, newest first, with filters",
)
async def list_tickets(
    rider: RiderDep,
    runtime: RuntimeDep,
    status: Annotated[Status | None, Query()] = None,
    kind: Annotated[Literal["single", "pass"] | None, Query()] = None,
    fare_product_id: Annotated[str | None, Query(max_length=64)] = None,
    order_id: Annotated[str | None, Query(max_length=26)] = None,
    cursor: Annotated[str | None, Query(max_length=128)] = None,
    limit: Annotated[int, Query(ge=1, le=limits.PAGE_SIZE_MAX)] = limits.PAGE_SIZE_DEFAULT,
) -> TicketPage:
    async with runtime.unit_of_work() as uow:
        views, next_cursor = await tickets.list_tickets(
            uow.session,
            rider.rider_id,
            status=status,
            kind=kind,
            fare_product_id=fare_product_id,
            order_id=order_id,
            cursor=cursor,
            limit=limit,
        )
    return TicketPage(items=[ticket_out(v) for v in views], next=next_cursor)


@router.get("/{ticket_id}", response_model=TicketOut, responses=problem_responses(401, 404, 422))
async def read_ticket(ticket_id: TicketId, rider: RiderDep, runtime: RuntimeDep) -> TicketOut:
    async with runtime.unit_of_work() as uow:
        view = await tickets.get_ticket(uow.session, rider.rider_id, ticket_id)
    return ticket_out(view)


@router.post(
    "/{ticket_id}/activate",
    response_model=TicketOut,
    responses=problem_responses(400, 401, 404, 422, 503),
    summary="Start a pass now (from_activation passes); the ticket gets a new code with a fixed window",
)
async def activate(ticket_id: TicketId, rider: RiderDep, runtime: RuntimeDep) -> TicketOut:
    keyring = issuer_keys(runtime)
    async with runtime.unit_of_work() as uow:
        await tickets.get_ticket_row(uow.session, rider.rider_id, ticket_id)
        await activate_pass(
            uow.session, runtime.clock, keyring, ticket_id=ticket_id, actor=f"rider:{rider.rider_id}"
        )
        view = await tickets.get_ticket(uow.session, rider.rider_id, ticket_id)
    return ticket_out(view)


async def _qr(runtime: RuntimeDep, rider_id: str, ticket_id: str, fmt: Literal["png", "svg"]) -> bytes:
    async with runtime.unit_of_work() as uow:
        await tickets.get_ticket_row(uow.session, rider_id, ticket_id)
        image: bytes = await render_qr(uow.session, ticket_id, fmt, runtime.clock)
    return image


_QR_CACHE = {"Cache-Control": "private, max-age=300"}


@router.get(
    "/{ticket_id}/qr.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}, **problem_responses(401, 404, 422)},
    summary="The ticket's QR code as SVG",
)
async def qr_svg(ticket_id: TicketId, rider: RiderDep, runtime: RuntimeDep) -> Response:
    image = await _qr(runtime, rider.rider_id, ticket_id, "svg")
    return Response(image, media_type="image/svg+xml", headers=_QR_CACHE)


@router.get(
    "/{ticket_id}/qr.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}, **problem_responses(401, 404, 422)},
    summary="The ticket's QR code as PNG",
)
async def qr_png(ticket_id: TicketId, rider: RiderDep, runtime: RuntimeDep) -> Response:
    image = await _qr(runtime, rider.rider_id, ticket_id, "png")
    return Response(image, media_type="image/png", headers=_QR_CACHE)
