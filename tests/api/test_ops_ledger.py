"""/v1/ops ledger, settlement and reconciliation endpoints with role checks."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from gateway.sandbox import SandboxProvider
from tests.factories import bearer
from ticketing.core.clock import FixedClock
from ticketing.runtime import Runtime
from ticketing.service.ledger.postings import SaleItem, record_ride, record_sale


async def _tokens(runtime: Runtime, *, fresh: bool = False) -> dict[str, str]:
    """Staff tokens per role, issued at the clock's time (the ops API checks only the token)."""
    roles = {"admin": ("admin", None), "audit": ("auditor", None), "bus": ("operator", "HN_BUS"),
             "metro": ("operator", "HANOI_METRO")}
    return {
        name: runtime.access_tokens.issue(f"staff-{name}", "staff", role=role, op=op, usr=name)
        for name, (role, op) in roles.items()
    }


@pytest.fixture
async def tokens(runtime: Runtime) -> dict[str, str]:
    runtime.payments = SandboxProvider(runtime.clock)
    return await _tokens(runtime)


async def _a_day(runtime: Runtime, clock: FixedClock) -> None:
    until = clock.now() + timedelta(days=2)
    async with runtime.unit_of_work() as uow:
        await record_sale(
            uow.session,
            clock,
            sale_id="S",
            provider="sandbox",
            currency="VND",
            items=[SaleItem("A", 7000, "single", until), SaleItem("B", 9000, "single", until)],
        )
        await record_ride(
            uow.session,
            clock,
            ride_id="r1",
            ticket_id="A",
            kind="single",
            operator_id="HN_BUS",
            at=clock.now(),
        )
        await record_ride(
            uow.session,
            clock,
            ride_id="r2",
            ticket_id="B",
            kind="single",
            operator_id="HANOI_METRO",
            at=clock.now(),
        )


async def test_balances_and_trial_balance_by_role(
    client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock, tokens: dict[str, str]
) -> None:
    await _a_day(runtime, clock)
    tb = await client.get("/v1/ops/ledger/trial-balance", headers=bearer(tokens["audit"]))
    assert tb.status_code == 200, tb.text
    assert tb.json()["debits_minor"] == tb.json()["credits_minor"] == 32000  # sale + rides
    assert (
        await client.get("/v1/ops/ledger/trial-balance", headers=bearer(tokens["bus"]))
    ).status_code == 403
    own = await client.get("/v1/ops/ledger/balances", headers=bearer(tokens["bus"]))
    assert [i["account"] for i in own.json()["items"]] == ["liabilities:operator:HN_BUS"]
    every = await client.get("/v1/ops/ledger/balances?limit=2", headers=bearer(tokens["admin"]))
    assert len(every.json()["items"]) == 2
    assert every.json()["next"] == "2"
    rest = await client.get("/v1/ops/ledger/balances?limit=2&cursor=2", headers=bearer(tokens["admin"]))
    assert rest.json()["items"]
    assert rest.json()["items"][0] not in every.json()["items"]
    assert (await client.get("/v1/ops/ledger/balances")).status_code == 401


async def test_settlement_is_admin_written_and_operator_scoped(
    client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock, tokens: dict[str, str]
) -> None:
    await _a_day(runtime, clock)
    body = {"service_date": "2025-10-14"}
    assert (
        await client.post("/v1/ops/settlements", json=body, headers=bearer(tokens["admin"]))
    ).status_code == 400
    clock.advance(timedelta(days=1))
    tokens.update(await _tokens(runtime, fresh=True))
    assert (
        await client.post("/v1/ops/settlements", json=body, headers=bearer(tokens["audit"]))
    ).status_code == 403
    assert (
        await client.post("/v1/ops/settlements", json=body, headers=bearer(tokens["bus"]))
    ).status_code == 403
    done = await client.post("/v1/ops/settlements", json=body, headers=bearer(tokens["admin"]))
    assert done.status_code == 200, done.text
    assert done.json()["next"] is None
    assert {s["operator_id"] for s in done.json()["items"]} == {"HN_BUS", "HANOI_METRO"}
    again = await client.post("/v1/ops/settlements", json=body, headers=bearer(tokens["admin"]))
    assert [s["content_hash"] for s in again.json()["items"]] == [
        s["content_hash"] for s in done.json()["items"]
    ]

    mine = await client.get("/v1/ops/settlements", headers=bearer(tokens["bus"]))
    assert [s["operator_id"] for s in mine.json()["items"]] == ["HN_BUS"]
    other = await client.get("/v1/ops/settlements?operator_id=HANOI_METRO", headers=bearer(tokens["bus"]))
    assert other.status_code == 403
    path = "/v1/ops/settlements/HANOI_METRO/2025-10-14/VND"
    assert (await client.get(path, headers=bearer(tokens["bus"]))).status_code == 403
    metro = await client.get(path, headers=bearer(tokens["metro"]))
    assert metro.json()["document"]["recognised_fares_minor"] == 9000
    csv = await client.get(f"{path}/statement.csv", headers=bearer(tokens["audit"]))
    assert csv.status_code == 200
    assert csv.headers["x-content-sha256"] == metro.json()["content_hash"]
    assert (
        await client.get("/v1/ops/settlements/HN_BUS/2025-10-13/VND", headers=bearer(tokens["admin"]))
    ).status_code == 404
    extra = await client.post("/v1/ops/settlements", json={**body, "x": 1}, headers=bearer(tokens["admin"]))
    assert extra.status_code == 422


async def test_reconciliation_for_books_roles(
    client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock, tokens: dict[str, str]
) -> None:
    await _a_day(runtime, clock)
    report = await client.get(
        "/v1/ops/reconciliation?service_date=2025-10-14", headers=bearer(tokens["audit"])
    )
    assert report.status_code == 200, report.text
    assert report.json()["provider"]["summary"]["missing_at_provider"] == 1
    assert report.json()["tickets"][0]["ok"] is True
    denied = await client.get("/v1/ops/reconciliation?service_date=2025-10-14", headers=bearer(tokens["bus"]))
    assert denied.status_code == 403
