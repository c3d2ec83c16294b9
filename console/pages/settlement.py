"""Settlement: statements per operator and day (totals, lines, content hash), downloads, close a
day; reconciliation against the payment provider with a drill-down to the payment."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from console.auth import ConsoleUser, staff
from console.render import page
from console.routing import ConsoleRoute
from console.scope import ensure_visible
from ticketing.core.clock import to_local
from ticketing.core.errors import InvalidInput, Unavailable
from ticketing.http.deps import RuntimeDep
from ticketing.runtime import Runtime
from ticketing.service import scoping
from ticketing.service.console.payment_trail import payment_trail
from ticketing.service.settlement.reconciliation import reconcile_day
from ticketing.service.settlement.statements import StatementView, get_statement, list_statements, settle_day

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)
# The operations roles (ticketing.service.scoping): a reviewer sees nothing of operators' data.
AnyStaff = Annotated[ConsoleUser, Depends(staff(*scoping.OPERATIONS_ROLES))]
Books = Annotated[ConsoleUser, Depends(staff("admin", "auditor"))]
Admin = Annotated[ConsoleUser, Depends(staff("admin", write=True))]
PAGE_SIZE = 50


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput("validation_failed", f"not a date: {text}") from None


@router.get("/settlement", name="statements")
async def statements(
    request: Request, runtime: RuntimeDep, user: AnyStaff,
    operator: Annotated[str | None, Query(max_length=64)] = None,
    day: Annotated[str | None, Query(max_length=10)] = None,
    page_no: Annotated[int, Query(alias="page", ge=0, le=10_000)] = 0,
) -> Response:
    scope = user.principal.visible_operator(operator or None)
    async with runtime.unit_of_work() as uow:
        views = await list_statements(uow.session, operator_id=scope, service_date=_day(day) if day else None,
                                      limit=PAGE_SIZE + 1, offset=page_no * PAGE_SIZE)
    yesterday = to_local(runtime.clock.now()).date() - timedelta(days=1)
    return page(request, "settlement.html", {
        "statements": views[:PAGE_SIZE], "more": len(views) > PAGE_SIZE, "page_no": page_no,
        "operator": scope or "", "day": day or "", "yesterday": yesterday.isoformat(),
        "closed": request.query_params.get("closed"),
    })


@router.post("/settlement/close", name="close_day")
async def close_day(
    request: Request, runtime: RuntimeDep, _admin: Admin,
    service_date: Annotated[str, Form(max_length=10)],
    operator_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    day = _day(service_date)
    async with runtime.unit_of_work() as uow:
        views = await settle_day(uow.session, runtime.clock, service_date=day,
                                 operator_id=operator_id or None)
    request.state.audit_detail = f"settled {day} {operator_id or 'all'}: {len(views)} statements"
    return RedirectResponse(f"/console/settlement?day={day}&closed={len(views)}", status_code=303)


async def _statement(runtime: Runtime, user: ConsoleUser, operator_id: str, service_date: date,
                     currency: str) -> StatementView:
    ensure_visible(user, operator_id, "statement_not_found", "statement")
    async with runtime.unit_of_work() as uow:
        return await get_statement(uow.session, operator_id=operator_id, service_date=service_date,
                                   currency=currency)


@router.get("/settlement/{operator_id}/{service_date}/{currency}", name="statement")
async def statement(
    request: Request, runtime: RuntimeDep, user: AnyStaff, operator_id: str, service_date: date,
    currency: str,
) -> Response:
    view = await _statement(runtime, user, operator_id, service_date, currency)
    return page(request, "statement.html", {"s": view, "doc": view.document})


@router.get("/settlement/{operator_id}/{service_date}/{currency}/statement.{fmt}", name="statement_file")
async def statement_file(
    runtime: RuntimeDep, user: AnyStaff, operator_id: str, service_date: date, currency: str, fmt: str,
) -> Response:
    if fmt not in ("json", "csv"):
        raise InvalidInput("validation_failed", "a statement downloads as json or csv")
    view = await _statement(runtime, user, operator_id, service_date, currency)
    name = f"statement-{operator_id}-{service_date}-{currency}.{fmt}"
    headers = {"X-Content-SHA256": view.content_hash,
               "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
               "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    if fmt == "csv":
        return Response(view.csv_text, media_type="text/csv; charset=utf-8", headers=headers)
    body = {"operator_id": view.operator_id, "service_date": view.service_date.isoformat(),
            "currency": view.currency, "net_owed_minor": view.net_owed_minor,
            "content_hash": view.content_hash, "document": view.document}
    return Response(json.dumps(body, ensure_ascii=False, indent=2), media_type="application/json",
                    headers=headers)


@router.get("/reconciliation", name="reconciliation")
async def reconciliation(
    request: Request, runtime: RuntimeDep, _books: Books,
    day: Annotated[str | None, Query(max_length=10)] = None,
) -> Response:
    report = None
    if day:
        provider = runtime.payments
        if provider is None:
            raise Unavailable("payments_not_configured", "no payment provider is configured")
        async with runtime.unit_of_work() as uow:
            report = await reconcile_day(uow.session, provider, service_date=_day(day))
    return page(request, "reconciliation.html", {"report": report, "day": day or ""})


@router.get("/reconciliation/payment", name="payment_trail")
async def payment(
    request: Request, runtime: RuntimeDep, _books: Books, key: Annotated[str, Query(max_length=128)],
) -> Response:
    async with runtime.unit_of_work() as uow:
        trail = await payment_trail(uow.session, key)
    return page(request, "payment.html", {"trail": trail})
