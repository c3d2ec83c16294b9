"""Exceptions: filter tap exceptions, see the ticket's taps on a timeline, resolve with a note."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from console.auth import ConsoleUser, staff
from console.render import page
from console.routing import ConsoleRoute
from ticketing.http.deps import RuntimeDep
from ticketing.service import scoping
from ticketing.service.console.exception_review import (
    get_reviewed,
    list_reviewed,
    resolve_exception,
    ticket_timeline,
)
from ticketing.service.taps.exceptions import EXCEPTION_KINDS

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)
# The operations roles (ticketing.service.scoping): a reviewer sees nothing of operators' data.
AnyStaff = Annotated[ConsoleUser, Depends(staff(*scoping.OPERATIONS_ROLES))]
Writer = Annotated[ConsoleUser, Depends(staff("admin", "operator", write=True))]
PAGE_SIZE = 100
STATES = {"open": False, "resolved": True, "all": None}


@router.get("/exceptions", name="exceptions")
async def exceptions(
    request: Request, runtime: RuntimeDep, user: AnyStaff,
    kind: Annotated[str, Query(max_length=32)] = "",
    state: Annotated[str, Query(pattern="^(open|resolved|all)$")] = "open",
    before: Annotated[str | None, Query(max_length=26)] = None,
) -> Response:
    async with runtime.unit_of_work() as uow:
        rows = await list_reviewed(uow.session, operator_id=user.scope, kind=kind or None,
                                   resolved=STATES[state], limit=PAGE_SIZE, before=before)
    return page(request, "exceptions.html", {
        "rows": rows, "kinds": EXCEPTION_KINDS, "kind": kind, "state": state,
        "next": rows[-1].exception.exception_id if len(rows) == PAGE_SIZE else None,
    })


@router.get("/exceptions/{exception_id}", name="exception")
async def exception(request: Request, runtime: RuntimeDep, user: AnyStaff, exception_id: str) -> Response:
    async with runtime.unit_of_work() as uow:
        found = await get_reviewed(uow.session, exception_id, operator_id=user.scope)
        ticket_id = found.exception.ticket_id  # none for a tap whose code named no ticket
        timeline = (await ticket_timeline(uow.session, ticket_id, operator_id=user.scope)
                    if ticket_id is not None else [])
    return page(request, "exception.html", {"r": found, "timeline": timeline, "kinds": EXCEPTION_KINDS})


@router.post("/exceptions/{exception_id}/resolve", name="resolve_exception")
async def resolve(
    request: Request, runtime: RuntimeDep, user: Writer, exception_id: str,
    note: Annotated[str, Form(min_length=1, max_length=500)],
) -> Response:
    async with runtime.unit_of_work() as uow:
        await resolve_exception(uow.session, runtime.clock, exception_id, operator_id=user.scope,
                                resolved_by=user.principal.username, note=note)
    request.state.audit_detail = f"resolved {exception_id}: {note[:200]}"
    return RedirectResponse(f"/console/exceptions/{exception_id}", status_code=303)
