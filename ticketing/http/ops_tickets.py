"""Operator API for tickets: cash sales at a counter, look-up with history, revocation, QR images,
and the deny-list readers download."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from ticketing.core.clock import parse_aware
from ticketing.core.errors import InvalidInput, Unavailable
from ticketing.http.deps import RuntimeDep, StaffPrincipal, require_staff
from ticketing.http.problems import problem_responses
from ticketing.http.times import LocalTime
from ticketing.runtime import Runtime
from ticketing.service import scoping
from ticketing.service.tickets import (
    IssuedTicket,
    IssuerKeyRing,
    TicketChange,
    current_version,
    list_denylist,
    render_qr,
    ticket_history,
)
from ticketing.service.tickets.counter import counter_sale, revoke_for_operator, ticket_for_operator
from ticketing.service.tickets.qr import MEDIA_TYPES

router = APIRouter(prefix="/v1/ops/tickets", tags=["ops: tickets"])

Reader = Annotated[StaffPrincipal, Depends(require_staff("admin", "operator", "auditor"))]
Seller = Annotated[StaffPrincipal, Depends(require_staff("admin", "operator", write=True))]
TicketIdPath = Annotated[str, Path(pattern=r"^[0-9A-HJKMNP-TV-Z]{12}$", description="12-character ticket id")]


class CounterSale(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    ticket_id: str | None = Field(
        default=None,
        pattern=r"^[0-9A-HJKMNP-TV-Z]{12}$",
        description="Choose the id to make retries idempotent (12 Crockford base32 characters).",
    )
    fare_product_id: str = Field(min_length=1, max_length=64)
    rider_category_id: str = Field(min_length=1, max_length=64)
    fare_media_id: str | None = Field(default=None, min_length=1, max_length=64)
    valid_from: str | None = Field(default=None, description="ISO 8601 with offset; default now")
    counter_id: str | None = Field(
        default=None, max_length=64,
        description="The till that took the cash: the sale is booked to assets:cash:<counter_id> "
        "(default: the seller). Without fare_media_id the network's cash price applies.",
    )


class Revocation(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    reason: str = Field(min_length=1, max_length=500)


class TicketOut(BaseModel):
    ticket_id: str
    code: str = Field(description="The exact QR payload")
    fare_product_id: str
    rider_category_id: str
    fare_media_id: str | None
    valid_from: LocalTime
    valid_until: LocalTime
    amount_minor: int
    currency: str
    kind: Literal["single", "pass"]
    status: str
    kid: str
    issued_at: LocalTime
    first_used_at: LocalTime | None


class ChangeOut(BaseModel):
    at: LocalTime
    from_status: str | None
    to_status: str
    actor: str
    reason: str
    tap_id: str | None


class TicketDetail(TicketOut):
    history: list[ChangeOut]


class DenylistItemOut(BaseModel):
    ticket_id: str
    added_version: int
    expires_at: LocalTime
    reason: str
    actor: str
    added_at: LocalTime


class DenylistPage(BaseModel):
    version: int = Field(description="Current deny-list version")
    items: list[DenylistItemOut]
    next: int | None = Field(description="Pass as after_version for the next page")


def _out(t: IssuedTicket) -> TicketOut:
    return TicketOut(
        ticket_id=t.ticket_id,
        code=t.code,
        fare_product_id=t.fare_product_id,
        rider_category_id=t.rider_category_id,
        fare_media_id=t.fare_media_id,
        valid_from=t.valid_from,
        valid_until=t.valid_until,
        amount_minor=t.amount_minor,
        currency=t.currency,
        kind="single" if t.kind == "single" else "pass",
        status=t.status,
        kid=t.kid,
        issued_at=t.issued_at,
        first_used_at=t.first_used_at,
    )


def _change(c: TicketChange) -> ChangeOut:
    return ChangeOut(
        at=c.at,
        from_status=c.from_status,
        to_status=c.to_status,
        actor=c.actor,
        reason=c.reason,
        tap_id=c.tap_id,
    )


def _keyring(runtime: Runtime) -> IssuerKeyRing:
    ring = runtime.issuer_keys
    if ring is None:
        raise Unavailable("tickets_unavailable", "no ticket issuer key ring is configured")
    return ring


@router.post(
    "",
    response_model=TicketOut,
    status_code=201,
    responses=problem_responses(400, 401, 403, 404, 409, 422, 503),
    summary="Sell a ticket for cash at a counter",
)
async def sell(body: CounterSale, runtime: RuntimeDep, staff: Seller) -> TicketOut:
    try:
        start = parse_aware(body.valid_from) if body.valid_from is not None else None
    except ValueError as exc:
        raise InvalidInput("validation_failed", f"valid_from: {exc}") from None
    async with runtime.unit_of_work() as uow:
        issued = await counter_sale(
            uow.session,
            runtime.clock,
            _keyring(runtime),
            ticket_id=body.ticket_id,
            fare_product_id=body.fare_product_id,
            rider_category_id=body.rider_category_id,
            fare_media_id=body.fare_media_id,
            valid_from=start,
            actor=f"staff:{staff.username}",
            operator_id=staff.operator_id if staff.role == "operator" else None,
            counter_id=body.counter_id,
        )
    return _out(issued)


@router.get(
    "/denylist",
    response_model=DenylistPage,
    responses=problem_responses(401, 403, 422),
    summary="The deny-list (revoked and refunded tickets still within validity), by version; "
    "an operator account sees the entries of its own products",
)
async def denylist(
    runtime: RuntimeDep,
    staff: Reader,
    after_version: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> DenylistPage:
    async with runtime.unit_of_work() as uow:
        version = await current_version(uow.session)
        products = await scoping.denylist_products(uow.session, runtime.clock, staff)
        items = await list_denylist(
            uow.session, limit=limit, after_version=after_version, fare_product_ids=products
        )
    return DenylistPage(
        version=version,
        items=[
            DenylistItemOut(
                ticket_id=i.ticket_id,
                added_version=i.added_version,
                expires_at=i.expires_at,
                reason=i.reason,
                actor=i.actor,
                added_at=i.added_at,
            )
            for i in items
        ],
        next=items[-1].added_version if len(items) == limit else None,
    )


@router.get(
    "/{ticket_id}",
    response_model=TicketDetail,
    responses=problem_responses(401, 403, 404, 422),
    summary="A ticket with every status change (who, when, why)",
)
async def show(ticket_id: TicketIdPath, runtime: RuntimeDep, staff: Reader) -> TicketDetail:
    async with runtime.unit_of_work() as uow:
        ticket = await ticket_for_operator(uow.session, runtime.clock, ticket_id, _scope(staff))
        history = await ticket_history(uow.session, ticket_id)
    return TicketDetail(**_out(ticket).model_dump(), history=[_change(c) for c in history])


@router.post(
    "/{ticket_id}/revoke",
    response_model=TicketOut,
    responses=problem_responses(400, 401, 403, 404, 422),
    summary="Revoke a ticket (it goes on the deny-list); repeating is harmless",
)
async def revoke(ticket_id: TicketIdPath, body: Revocation, runtime: RuntimeDep, staff: Seller) -> TicketOut:
    async with runtime.unit_of_work() as uow:
        ticket = await revoke_for_operator(
            uow.session,
            runtime.clock,
            ticket_id=ticket_id,
            reason=body.reason,
            actor=f"staff:{staff.username}",
            operator_id=_scope(staff),
        )
    return _out(ticket)


@router.get(
    "/{ticket_id}/qr.{fmt}",
    response_class=Response,
    responses={
        200: {"content": {"image/png": {}, "image/svg+xml": {}}},
        **problem_responses(401, 403, 404, 422),
    },
    summary="The ticket's QR code to print (PNG or SVG, rendered once and cached)",
)
async def qr(
    ticket_id: TicketIdPath, fmt: Literal["png", "svg"], runtime: RuntimeDep, staff: Reader
) -> Response:
    async with runtime.unit_of_work() as uow:
        await ticket_for_operator(uow.session, runtime.clock, ticket_id, _scope(staff))
        image = await render_qr(uow.session, ticket_id, fmt, runtime.clock)
    return Response(
        content=image,
        media_type=MEDIA_TYPES[fmt],
        headers={"Cache-Control": "private, max-age=86400, immutable"},
    )


def _scope(staff: StaffPrincipal) -> str | None:
    return scoping.own_operator(staff)
