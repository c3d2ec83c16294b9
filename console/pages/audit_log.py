"""The staff audit log (admin, auditor): every staff write from the console and the operator API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from console.auth import ConsoleUser, staff
from console.render import page
from console.routing import ConsoleRoute
from ticketing.http.deps import RuntimeDep
from ticketing.service.console.audit import list_audit

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)
Reader = Annotated[ConsoleUser, Depends(staff("admin", "auditor"))]
PAGE_SIZE = 100


@router.get("/audit", name="audit_log")
async def audit_log(
    request: Request, runtime: RuntimeDep, _user: Reader,
    before: Annotated[str | None, Query(max_length=26)] = None,
    staff_id: Annotated[str | None, Query(max_length=26)] = None,
) -> Response:
    async with runtime.unit_of_work() as uow:
        rows = await list_audit(uow.session, limit=PAGE_SIZE, before=before, staff_id=staff_id or None)
    return page(request, "audit.html", {
        "rows": rows, "next": rows[-1].id if len(rows) == PAGE_SIZE else None, "staff_id": staff_id or "",
    })
