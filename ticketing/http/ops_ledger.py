"""Operator API for the clearing books: balances, trial balance, settlement statements and
reconciliation. Admins do everything; auditors read; an operator account reads only its own
operator's balance and statements."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from ticketing.core.errors import InvalidInput, Unavailable
from ticketing.http.deps import RuntimeDep, StaffPrincipal, require_staff
from ticketing.http.paging import Cursor, next_cursor, parse_offset
from ticketing.http.problems import problem_responses
from ticketing.ledger import chart
from ticketing.service.ledger.balances import list_balances, trial_balances
from ticketing.service.settlement.reconciliation import reconcile_day_outside
from ticketing.service.settlement.statements import (
    StatementView,
    get_statement,
    list_statements,
    settle_day,
)

router = APIRouter(prefix="/v1/ops", tags=["ops: ledger"])

Limit = Annotated[int, Query(ge=1, le=500)]
Currency = Annotated[str, Query(pattern=r"^[A-Z]{3}$")]
AnyStaff = Annotated[StaffPrincipal, Depends(require_staff("admin", "auditor", "operator"))]
Books = Annotated[StaffPrincipal, Depends(require_staff("admin", "auditor"))]
Admin = Annotated[StaffPrincipal, Depends(require_staff("admin", write=True))]


class BalanceOut(BaseModel):
    account: str
    currency: str
    normal_side: str
    balance_minor: int
    debits_minor: int
    credits_minor: int
    debits_pending_minor: int
    credits_pending_minor: int


class BalancePage(BaseModel):
    items: list[BalanceOut]
    next: str | None = Field(description="Cursor of the next page, null on the last page")


class TrialAccount(BaseModel):
    account: str
    normal_side: str
    balance_minor: int
    debits_minor: int
    credits_minor: int


class TrialBalanceOut(BaseModel):
    currency: str
    debits_minor: int
    credits_minor: int
    balanced: bool
    accounts: list[TrialAccount]


class SettleIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    service_date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="local service day")
    operator_id: str | None = Field(default=None, min_length=1, max_length=64)


class StatementOut(BaseModel):
    operator_id: str
    service_date: date
    currency: str
    net_owed_minor: int
    content_hash: str
    document: dict[str, Any]


class StatementPage(BaseModel):
    items: list[StatementOut]
    next: str | None = Field(description="Cursor of the next page, null on the last page")


def _out(view: StatementView) -> StatementOut:
    return StatementOut(operator_id=view.operator_id, service_date=view.service_date,
                        currency=view.currency, net_owed_minor=view.net_owed_minor,
                        content_hash=view.content_hash, document=view.document)


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput("validation_failed", f"not a date: {text}") from None


@router.get("/ledger/balances", response_model=BalancePage, responses=problem_responses(401, 403, 422))
async def balances(
    runtime: RuntimeDep, principal: AnyStaff, currency: Currency | None = None,
    prefix: Annotated[str | None, Query(max_length=200)] = None, limit: Limit = 100, cursor: Cursor = None,
) -> BalancePage:
    """Account balances. An operator account sees only ``liabilities:operator:<its own>``."""
    if principal.role == "operator":
        assert principal.operator_id is not None
        own = chart.operator(principal.operator_id)
        if prefix is not None and not own.startswith(prefix):
            principal.ensure_scope(None)
        prefix = own
    offset = parse_offset(cursor)
    async with runtime.unit_of_work() as uow:
        rows = await list_balances(uow.session, currency=currency, prefix=prefix, limit=limit + 1,
                                   offset=offset)
    items = [BalanceOut(account=r.account, currency=r.currency, normal_side=r.normal_side,
                        balance_minor=r.balance_minor, debits_minor=r.debits_minor,
                        credits_minor=r.credits_minor, debits_pending_minor=r.debits_pending_minor,
                        credits_pending_minor=r.credits_pending_minor) for r in rows[:limit]]
    return BalancePage(items=items, next=next_cursor(offset, limit, len(rows)))


@router.get("/ledger/trial-balance", response_model=TrialBalanceOut,
            responses=problem_responses(401, 403, 422))
async def trial_balance(runtime: RuntimeDep, _staff: Books, currency: Currency = "VND") -> TrialBalanceOut:
    async with runtime.unit_of_work() as uow:
        found = [tb for tb in await trial_balances(uow.session) if tb.currency == currency]
    if not found:
        return TrialBalanceOut(currency=currency, debits_minor=0, credits_minor=0, balanced=True,
                               accounts=[])
    return TrialBalanceOut.model_validate(found[0].as_json())


@router.post(
    "/settlements", response_model=StatementPage, responses=problem_responses(400, 401, 403, 422),
    summary="Settle a finished day (idempotent: a settled day returns its statements, on one page)",
)
async def settle(body: SettleIn, runtime: RuntimeDep, _admin: Admin) -> StatementPage:
    async with runtime.unit_of_work() as uow:
        views = await settle_day(uow.session, runtime.clock,
                                 service_date=_parse_day(body.service_date), operator_id=body.operator_id)
    return StatementPage(items=[_out(v) for v in views], next=None)


@router.get("/settlements", response_model=StatementPage, responses=problem_responses(401, 403, 422))
async def statements(
    runtime: RuntimeDep, principal: AnyStaff,
    operator_id: Annotated[str | None, Query(max_length=64)] = None,
    service_date: Annotated[date | None, Query()] = None, limit: Limit = 50, cursor: Cursor = None,
) -> StatementPage:
    offset = parse_offset(cursor)
    visible = principal.visible_operator(operator_id)
    async with runtime.unit_of_work() as uow:
        views = await list_statements(uow.session, operator_id=visible, service_date=service_date,
                                      limit=limit + 1, offset=offset)
    return StatementPage(items=[_out(v) for v in views[:limit]], next=next_cursor(offset, limit, len(views)))


@router.get("/settlements/{operator_id}/{service_date}/{currency}", response_model=StatementOut,
            responses=problem_responses(401, 403, 404, 422))
async def statement(
    operator_id: str, service_date: date, currency: str, runtime: RuntimeDep, principal: AnyStaff
) -> StatementOut:
    principal.ensure_scope(operator_id)
    async with runtime.unit_of_work() as uow:
        view = await get_statement(uow.session, operator_id=operator_id, service_date=service_date,
                                   currency=currency)
    return _out(view)


@router.get("/settlements/{operator_id}/{service_date}/{currency}/statement.csv",
            response_class=PlainTextResponse, responses=problem_responses(401, 403, 404, 422))
async def statement_csv(
    operator_id: str, service_date: date, currency: str, runtime: RuntimeDep, principal: AnyStaff
) -> PlainTextResponse:
    principal.ensure_scope(operator_id)
    async with runtime.unit_of_work() as uow:
        view = await get_statement(uow.session, operator_id=operator_id, service_date=service_date,
                                   currency=currency)
    return PlainTextResponse(view.csv_text, media_type="text/csv",
                             headers={"X-Content-SHA256": view.content_hash})


@router.get("/reconciliation", responses=problem_responses(401, 403, 422, 503),
            summary="Provider balance transactions vs ledger, and ticket states vs ledger balances")
async def reconciliation(
    runtime: RuntimeDep, _staff: Books, service_date: Annotated[date, Query()]
) -> dict[str, Any]:
    provider = runtime.payments
    if provider is None:
        raise Unavailable("payments_not_configured", "no payment provider is configured")
    return await reconcile_day_outside(runtime.unit_of_work, provider, service_date=service_date)
