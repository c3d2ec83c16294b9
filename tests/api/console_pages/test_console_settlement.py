"""Settlement and reconciliation pages on both databases: close a day from the console, its
statements listed and downloadable; reconciliation lines drill down to the ledger transfers."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi import FastAPI

from gateway.sandbox import SandboxProvider
from tests.support.console_pages import login
from ticketing.core.clock import FixedClock
from ticketing.runtime import Runtime
from ticketing.service.ledger.postings import SaleItem, record_ride, record_sale


async def _a_day(runtime: Runtime, clock: FixedClock) -> None:
    until = clock.now() + timedelta(days=2)
    async with runtime.unit_of_work() as uow:
        await record_sale(uow.session, clock, sale_id="S", provider="sandbox", currency="VND",
                          items=[SaleItem("A", 7000, "single", until), SaleItem("B", 9000, "single", until)])
        await record_ride(uow.session, clock, ride_id="r1", ticket_id="A", kind="single",
                          operator_id="HN_BUS", at=clock.now())
        await record_ride(uow.session, clock, ride_id="r2", ticket_id="B", kind="single",
                          operator_id="HANOI_METRO", at=clock.now())


async def test_close_a_day_then_download_its_statement(
    app: FastAPI, console_network: Runtime, clock: FixedClock
) -> None:
    await _a_day(console_network, clock)
    async with await login(app, "quan-tri") as admin:
        too_early = await admin.post("/console/settlement/close", {"service_date": "2025-10-14"})
        assert too_early.status_code == 400
        assert 'data-code="settlement_day_open"' in too_early.text
        clock.advance(timedelta(days=1))
        assert (await admin.client.get("/console/settlement")).status_code == 303  # 12-hour session over
    async with await login(app, "quan-tri") as admin:
        closed = await admin.post("/console/settlement/close", {"service_date": "2025-10-14"})
        assert closed.status_code == 303
        listing = (await admin.client.get(closed.headers["location"])).text
        assert "Đã chốt ngày" in listing
        assert listing.count("<tr data-operator=") == 2
        assert "6.930 ₫" in listing  # 7.000 ₫ gross less the 1 % clearing fee
        csv = await admin.client.get("/console/settlement/HN_BUS/2025-10-14/VND/statement.csv")
        assert csv.status_code == 200
        assert "total,,net_owed_minor,,,6930" in csv.text
    async with await login(app, "ga-metro") as metro:
        own = (await metro.client.get("/console/settlement")).text
        assert own.count("<tr data-operator=") == 1
        assert 'data-operator="HANOI_METRO"' in own
        refused = await metro.post("/console/settlement/close", {"service_date": "2025-10-14"})
        assert refused.status_code == 403


async def test_reconciliation_drills_down_to_the_transfers(
    app: FastAPI, console_network: Runtime, clock: FixedClock
) -> None:
    async with await login(app, "kiem-toan") as auditor:
        assert (await auditor.client.get("/console/reconciliation?day=2025-10-14")).status_code == 503
        console_network.payments = SandboxProvider(clock)
        await _a_day(console_network, clock)
        report = (await auditor.client.get("/console/reconciliation?day=2025-10-14")).text
        assert 'data-testid="reconciliation-summary"' in report
        link = re.search(r'href="(/console/reconciliation/payment\?key=[^"]+)"', report)
        assert link
        trail = await auditor.client.get(link.group(1).replace("&amp;", "&"))
        assert trail.status_code == 200
        assert "liabilities:unearned_fares" in trail.text
        assert (await auditor.client.get("/console/reconciliation/payment?key=nothing")).status_code == 404
    async with await login(app, "xe-buyt") as bus:
        assert (await bus.client.get("/console/reconciliation?day=2025-10-14")).status_code == 403
