"""Concessions (reviewer, admin; auditors read): the queue of riders' requests, approve or reject
with a reason."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from console.auth import ConsoleUser, staff
from console.render import page
from console.routing import ConsoleRoute
from ticketing.core.errors import InvalidInput
from ticketing.http.deps import RuntimeDep
from ticketing.service import scoping
from ticketing.service.riders import concessions as service
from ticketing.service.riders.paging import check_cursor

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)
Reader = Annotated[ConsoleUser, Depends(staff(*scoping.CONCESSION_READ_ROLES))]
Reviewer = Annotated[ConsoleUser, Depends(staff(*scoping.REVIEW_ROLES, write=True))]
PAGE_SIZE = 50


@router.get("/concessions", name="concessions")
async def queue(
    request: Request, runtime: RuntimeDep, user: Reader,
    status: Annotated[str, Query(pattern="^(pending|approved|rejected|all)$")] = "pending",
    before: Annotated[str | None, Query(max_length=26)] = None,
) -> Response:
    async with runtime.unit_of_work() as uow:
        rows = await service.list_concessions(uow.session, status=None if status == "all" else status,
                                              before_id=check_cursor(before), limit=PAGE_SIZE + 1)
    proofs = {r.concession_id: scoping.proof_reference_for(user.principal, r.proof_reference)
              for r in rows[:PAGE_SIZE]}  # auditors see them masked
    return page(request, "concessions.html", {
        "rows": rows[:PAGE_SIZE], "status": status, "proofs": proofs,
        "may_review": scoping.may_review(user.principal),
        "next": rows[PAGE_SIZE - 1].concession_id if len(rows) > PAGE_SIZE else None,
    })


@router.post("/concessions/{concession_id}/decision", name="decide_concession")
async def decide(
    request: Request, runtime: RuntimeDep, user: Reviewer, concession_id: str,
    decision: Annotated[str, Form(pattern="^(approve|reject)$")],
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    if decision == "reject" and not note.strip():
        raise InvalidInput("reason_required", "a rejection needs a reason the rider can read")
    async with runtime.unit_of_work() as uow:
        await service.decide_concession(uow.session, runtime.clock, concession_id,
                                        approve=decision == "approve", staff_id=user.principal.staff_id,
                                        note=note.strip() or None)
    request.state.audit_detail = f"{decision} {concession_id}"
    return RedirectResponse("/console/concessions", status_code=303)
