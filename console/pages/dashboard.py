"""Dashboard: today and the last 30 days for one operator (an operator account: its own)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from console import charts
from console.auth import ConsoleUser, staff
from console.render import page
from console.routing import ConsoleRoute
from console.text import pick
from ticketing.http.deps import RuntimeDep
from ticketing.service.console.dashboard import build_dashboard
from ticketing.service.fare_catalog import active_operator_ids

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)


@router.get("/", name="dashboard")
async def dashboard(
    request: Request, runtime: RuntimeDep, user: Annotated[ConsoleUser, Depends(staff())],
    operator: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    if user.role == "reviewer":  # city level, concessions only: their start page is the queue
        return RedirectResponse("/console/concessions", status_code=303)
    scope = user.principal.visible_operator(operator or None)
    async with runtime.unit_of_work() as uow:
        board = await build_dashboard(uow.session, runtime.clock, operator_id=scope)
        operators = sorted(await active_operator_ids(uow.session, runtime.clock.now()))
    lang = request.state.console_lang

    def tr(vi: str, en: str) -> str:
        return pick(lang, vi, en)

    days = [d.day for d in board.days]
    figures = [
        ("sales",
         tr("Doanh số 30 ngày theo vé và phương tiện (₫)", "Sales, 30 days, by product and medium (₫)"),
         charts.amounts_by_label([(f"{s.fare_product_id} · {s.fare_media_id}", s.amount_minor)
                                  for s in board.sales_30d])),
        ("owed", tr("Doanh thu phải trả đơn vị theo ngày (₫)", "Revenue owed per day (₫)"),
         charts.per_day(days, [d.owed_minor for d in board.days], amounts=True)),
        ("rides", tr("Số chuyến theo ngày", "Rides per day"),
         charts.per_day(days, [d.rides for d in board.days], amounts=False)),
        ("refunds", tr("Hoàn tiền theo ngày (₫)", "Refunds per day (₫)"),
         charts.per_day(days, [d.refunds_minor for d in board.days], amounts=True)),
        ("taps", tr("Lượt chạm thẻ mỗi 15 phút (hôm nay)", "Taps per 15 minutes (today)"),
         charts.per_quarter_hour(board.taps_per_quarter)),
    ]
    return page(request, "dashboard.html", {"board": board, "figures": figures, "operators": operators,
                                            "selected": scope})
