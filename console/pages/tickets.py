"""Tickets: look up by id or by a photo of its QR, history, revoke with a reason; counter sale
with a printable ticket. Scoped like the operator API: an operator account sees only tickets of
products its routes honour (another operator's ticket is "not found")."""

from __future__ import annotations

import base64
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from console.auth import ConsoleUser, staff
from console.qr_photo import MAX_PHOTO_BYTES, read_qr
from console.render import page
from console.routing import ConsoleRoute
from ticketing.core.clock import parse_aware
from ticketing.core.errors import Forbidden, InvalidInput, NotFound, Unavailable
from ticketing.http.deps import RuntimeDep
from ticketing.runtime import Runtime
from ticketing.service import scoping
from ticketing.service.console.ticket_desk import counter_choices, ticket_id_of_code
from ticketing.service.tickets import IssuedTicket, IssuerKeyRing, render_qr, ticket_history
from ticketing.service.tickets.counter import counter_sale, revoke_for_operator, ticket_for_operator
from ticketing.tickets.ids import is_ticket_id

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)
Reader = Annotated[ConsoleUser, Depends(staff(*scoping.OPERATIONS_ROLES))]
Seller = Annotated[ConsoleUser, Depends(staff("admin", "operator", write=True))]


def _keyring(runtime: Runtime) -> IssuerKeyRing:
    ring = runtime.issuer_keys
    if ring is None:
        raise Unavailable("tickets_unavailable", "no ticket issuer key ring is configured")
    return ring


async def _visible_ticket(runtime: Runtime, user: ConsoleUser, ticket_id: str) -> IssuedTicket:
    if not is_ticket_id(ticket_id):
        raise NotFound("ticket_not_found", f"no ticket {ticket_id!r}")
    async with runtime.unit_of_work() as uow:
        try:
            return await ticket_for_operator(uow.session, runtime.clock, ticket_id, user.scope)
        except Forbidden:
            raise NotFound("ticket_not_found", f"no ticket {ticket_id!r}") from None


@router.get("/tickets", name="tickets")
async def tickets(request: Request, runtime: RuntimeDep, user: Reader) -> Response:
    async with runtime.unit_of_work() as uow:
        choices = await counter_choices(uow.session, runtime.clock, user.scope)
    return page(request, "tickets.html", {"choices": choices})


@router.get("/tickets/lookup", name="ticket_lookup")
async def lookup(_user: Reader, ticket_id: Annotated[str, Query(max_length=40)]) -> Response:
    wanted = ticket_id.strip().upper()
    if not is_ticket_id(wanted):
        raise InvalidInput("ticket_id_invalid", "a ticket id is 12 Crockford base32 characters")
    return RedirectResponse(f"/console/tickets/{wanted}", status_code=303)


@router.post("/tickets/scan", name="ticket_scan")
async def scan(
    request: Request, runtime: RuntimeDep, _user: Reader, photo: Annotated[UploadFile, File()],
) -> Response:
    code = read_qr(await photo.read(MAX_PHOTO_BYTES + 1))
    async with runtime.unit_of_work() as uow:
        ticket_id = await ticket_id_of_code(uow.session, runtime.clock, code)
    request.state.audit_detail = f"looked up {ticket_id} by photo"
    return RedirectResponse(f"/console/tickets/{ticket_id}", status_code=303)


@router.post("/tickets", name="counter_sale")
async def sell(
    request: Request, runtime: RuntimeDep, user: Seller,
    fare_product_id: Annotated[str, Form(min_length=1, max_length=64)],
    rider_category_id: Annotated[str, Form(min_length=1, max_length=64)],
    fare_media_id: Annotated[str, Form(max_length=64)] = "",
    valid_from: Annotated[str, Form(max_length=40)] = "",
    counter_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    try:
        start = parse_aware(valid_from) if valid_from.strip() else None
    except ValueError as exc:
        raise InvalidInput("validation_failed", f"valid_from: {exc}") from None
    async with runtime.unit_of_work() as uow:
        issued = await counter_sale(
            uow.session, runtime.clock, _keyring(runtime), ticket_id=None, fare_product_id=fare_product_id,
            rider_category_id=rider_category_id, fare_media_id=fare_media_id or None, valid_from=start,
            actor=f"staff:{user.principal.username}", operator_id=user.scope,
            counter_id=counter_id.strip() or None,
        )
    request.state.audit_detail = f"sold {issued.ticket_id} {fare_product_id} {issued.amount_minor}"
    return RedirectResponse(f"/console/tickets/{issued.ticket_id}/print", status_code=303)


@router.get("/tickets/{ticket_id}", name="ticket")
async def ticket(request: Request, runtime: RuntimeDep, user: Reader, ticket_id: str) -> Response:
    found = await _visible_ticket(runtime, user, ticket_id)
    async with runtime.unit_of_work() as uow:
        history = await ticket_history(uow.session, ticket_id)
    return page(request, "ticket.html", {"t": found, "history": history})


@router.get("/tickets/{ticket_id}/print", name="ticket_print")
async def ticket_print(request: Request, runtime: RuntimeDep, user: Reader, ticket_id: str) -> Response:
    found = await _visible_ticket(runtime, user, ticket_id)
    async with runtime.unit_of_work() as uow:
        image = await render_qr(uow.session, ticket_id, "png", runtime.clock)
    qr = "data:image/png;base64," + base64.b64encode(image).decode("ascii")
    return page(request, "ticket_print.html", {"t": found, "qr": qr})


@router.post("/tickets/{ticket_id}/revoke", name="revoke_ticket")
async def revoke(
    request: Request, runtime: RuntimeDep, user: Seller, ticket_id: str,
    reason: Annotated[str, Form(min_length=1, max_length=500)],
) -> Response:
    await _visible_ticket(runtime, user, ticket_id)
    async with runtime.unit_of_work() as uow:
        await revoke_for_operator(uow.session, runtime.clock, ticket_id=ticket_id, reason=reason,
                                  actor=f"staff:{user.principal.username}", operator_id=user.scope)
    request.state.audit_detail = f"revoked {ticket_id}: {reason[:200]}"
    return RedirectResponse(f"/console/tickets/{ticket_id}", status_code=303)
