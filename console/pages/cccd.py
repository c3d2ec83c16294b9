"""Chip-ID (CCCD) free riders (reviewer, admin; auditors read): register an eligible rider's card
with its free-rider category, list registered cards by their reference (never the number), and
the free rides counted for the city's subsidy report."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from console.auth import ConsoleUser, staff
from console.render import page
from console.routing import ConsoleRoute
from ticketing.http.deps import RuntimeDep
from ticketing.service import scoping
from ticketing.service.cccd.registry import FREE_CATEGORIES, list_cccd, register_cccd
from ticketing.service.cccd.subsidy import free_ride_counts
from ticketing.service.network_zone import network_zone

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)
Reader = Annotated[ConsoleUser, Depends(staff(*scoping.CONCESSION_READ_ROLES))]
Reviewer = Annotated[ConsoleUser, Depends(staff(*scoping.REVIEW_ROLES, write=True))]
PAGE_SIZE = 50
REPORT_DAYS = 7


@router.get("/cccd", name="cccd")
async def cards(
    request: Request, runtime: RuntimeDep, user: Reader,
    after: Annotated[str | None, Query(max_length=12)] = None,
) -> Response:
    now = runtime.clock.now()
    async with runtime.unit_of_work() as uow:
        rows = await list_cccd(uow.session, after_ref=after, limit=PAGE_SIZE + 1)
        today = now.astimezone(await network_zone(uow.session, now)).date()
        rides = await free_ride_counts(uow.session, first_day=today - timedelta(days=REPORT_DAYS - 1),
                                       last_day=today)
    return page(request, "cccd.html", {
        "rows": rows[:PAGE_SIZE], "rides": rides, "categories": FREE_CATEGORIES,
        "may_register": scoping.may_review(user.principal),
        "next": rows[PAGE_SIZE - 1].card_ref if len(rows) > PAGE_SIZE else None,
        "registered": request.query_params.get("registered"),
    })


@router.post("/cccd", name="register_cccd")
async def register(
    request: Request, runtime: RuntimeDep, user: Reviewer,
    number: Annotated[str, Form(max_length=32)],
    category: Annotated[str, Form(max_length=64)],
) -> Response:
    async with runtime.unit_of_work() as uow:
        done = await register_cccd(uow.session, runtime.clock, runtime.cccd_secret, number=number,
                                   category=category, registered_by=f"staff:{user.principal.staff_id}")
    request.state.audit_detail = f"cccd {done.card_ref} {done.category}"  # never the number
    return RedirectResponse(f"/console/cccd?registered={done.card_ref}", status_code=303)
