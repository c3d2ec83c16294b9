"""Money moves exactly once (issue 10, findings 4 and 6): a refund retried after a lost commit
pays once, by the rider's retry or by the worker's upkeep; top-ups replay by Idempotency-Key,
expire, and count towards the wallet cap while pending. Real app, real databases; the provider
is the sandbox (a fake of the outside world) wrapped in faults."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from gateway.sandbox import SandboxProvider
from tests.api.rider.helpers import bearer, register
from tests.ledger_support import assert_books_balance
from tests.money_faults import install_faults
from ticketing.core.clock import FixedClock
from ticketing.runtime import Runtime
from ticketing.service.housekeeping import run_housekeeping
from ticketing.service.ledger.balances import account_balance

pytestmark = pytest.mark.usefixtures("shop")

SINGLE = {
    "fare_product_id": "bus_single_8000",
    "rider_category": "pho_thong",
    "fare_media": "hanoi_metro_app",
    "quantity": 1,
}


async def bought_single(client: httpx.AsyncClient, rider: dict[str, str], key: str) -> str:
    auth = bearer(rider["access"])
    order = await client.post(
        "/v1/orders", json={"items": [SINGLE]}, headers={**auth, "Idempotency-Key": key}
    )
    assert order.status_code == 201, order.text
    paid = await client.post(f"/v1/orders/{order.json()['order_id']}/sandbox-confirm", headers=auth)
    assert paid.json()["status"] == "paid", paid.text
    return str(paid.json()["ticket_ids"][0])


def provider_refunds(sandbox: SandboxProvider) -> list[int]:
    return [-t.amount_minor for t in sandbox._history if t.type == "refund"]


async def stale_refunds_gauge(client: httpx.AsyncClient) -> float:
    text = (await client.get("/metrics")).text
    line = next(x for x in text.splitlines() if x.startswith("vexe_refunds_pending_stale "))
    return float(line.split()[1])


async def psp(runtime: Runtime) -> int:
    async with runtime.unit_of_work() as uow:
        await assert_books_balance(uow.session)
        return await account_balance(uow.session, "assets:psp:sandbox", "VND")


async def test_refund_retried_after_a_lost_commit_pays_once(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    rider = await register(client)
    ticket_id = await bought_single(client, rider, "lost-1")
    sandbox = runtime.payments
    faults = install_faults(runtime, sandbox)
    faults.lose_commit_after.add("refund")  # the card is credited, then the result's commit is lost
    lost = await client.post("/v1/refunds", json={"ticket_id": ticket_id}, headers=bearer(rider["access"]))
    assert lost.status_code == 500  # what the rider's app sees when the server's commit is lost
    assert faults.plan.lost_commits == 1
    assert provider_refunds(sandbox) == [8000]

    retried = await client.post("/v1/refunds", json={"ticket_id": ticket_id}, headers=bearer(rider["access"]))
    assert retried.status_code == 200, retried.text
    assert (retried.json()["status"], retried.json()["amount_minor"]) == ("refunded", 8000)
    assert provider_refunds(sandbox) == [8000]  # the same idempotency key: the first refund again
    assert faults.calls["refund"] == 2
    assert await psp(runtime) == 0
    ticket = await client.get(f"/v1/tickets/{ticket_id}", headers=bearer(rider["access"]))
    assert ticket.json()["status"] == "refunded"


async def test_upkeep_finishes_a_refund_whose_commit_was_lost(
    client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock
) -> None:
    rider = await register(client)
    ticket_id = await bought_single(client, rider, "lost-2")
    sandbox = runtime.payments
    faults = install_faults(runtime, sandbox)
    faults.lose_commit_after.add("refund")
    lost = await client.post("/v1/refunds", json={"ticket_id": ticket_id}, headers=bearer(rider["access"]))
    assert lost.status_code == 500  # what the rider's app sees when the server's commit is lost
    listed = await client.get("/v1/refunds", headers=bearer(rider["access"]))
    assert [r["status"] for r in listed.json()["items"]] == ["pending"]

    clock.advance(timedelta(minutes=5))
    report = await run_housekeeping(runtime.unit_of_work, clock, faults, runtime.payment_handlers)
    assert (report.refunds_completed, report.refunds_pending) == (1, 0)
    again = await run_housekeeping(runtime.unit_of_work, clock, faults, runtime.payment_handlers)
    assert again.refunds_completed == 0
    listed = await client.get("/v1/refunds", headers=bearer(rider["access"]))
    assert [r["status"] for r in listed.json()["items"]] == ["refunded"]
    assert provider_refunds(sandbox) == [8000]
    assert await psp(runtime) == 0


async def test_refund_during_an_outage_is_pending_then_paid_once(
    client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock
) -> None:
    rider = await register(client)
    ticket_id = await bought_single(client, rider, "down-1")
    sandbox = runtime.payments
    faults = install_faults(runtime, sandbox)
    faults.down.add("refund")
    asked = await client.post("/v1/refunds", json={"ticket_id": ticket_id}, headers=bearer(rider["access"]))
    assert asked.status_code == 201, asked.text
    assert asked.json()["status"] == "pending"  # accepted and kept: nothing is lost
    assert provider_refunds(sandbox) == []
    clock.advance(timedelta(minutes=61))  # still down after an hour: the alert gauge says so
    assert (
        await run_housekeeping(runtime.unit_of_work, clock, faults, runtime.payment_handlers)
    ).refunds_pending == 1
    assert await stale_refunds_gauge(client) == 1.0
    faults.down.clear()
    assert (
        await run_housekeeping(runtime.unit_of_work, clock, faults, runtime.payment_handlers)
    ).refunds_completed == 1
    assert await stale_refunds_gauge(client) == 0.0
    assert provider_refunds(sandbox) == [8000]
    login = await client.post("/v1/auth/login", json={"email": rider["email"], "password": rider["password"]})
    rider["access"] = login.json()["access_token"]  # the first token has expired meanwhile
    again = await client.post("/v1/refunds", json={"ticket_id": ticket_id}, headers=bearer(rider["access"]))
    assert (again.status_code, again.json()["status"]) == (200, "refunded")
    assert provider_refunds(sandbox) == [8000]


async def topup(
    client: httpx.AsyncClient, rider: dict[str, str], amount: int, key: str | None
) -> httpx.Response:
    headers = bearer(rider["access"]) | ({"Idempotency-Key": key} if key else {})
    return await client.post("/v1/wallet/topups", json={"amount_minor": amount}, headers=headers)


async def test_topup_idempotency_key_replays_the_same_topup(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    rider = await register(client)
    sandbox = runtime.payments
    first = await topup(client, rider, 50000, "nap-1")
    assert first.status_code == 201, first.text
    again = await topup(client, rider, 50000, "nap-1")
    assert again.status_code == 201, again.text
    assert again.json()["topup_id"] == first.json()["topup_id"]
    assert again.json()["payment"]["payment_id"] == first.json()["payment"]["payment_id"]
    assert len(sandbox._payments) == 1
    reused = await topup(client, rider, 60000, "nap-1")
    assert (reused.status_code, reused.json()["code"]) == (409, "idempotency_key_reused")


async def test_topup_cut_off_after_the_provider_answered_resumes_by_key(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    rider = await register(client)
    sandbox = runtime.payments
    faults = install_faults(runtime, sandbox)
    faults.lose_commit_after.add("create_payment")
    lost = await topup(client, rider, 50000, "nap-2")
    assert lost.status_code == 500
    assert faults.plan.lost_commits == 1
    resumed = await topup(client, rider, 50000, "nap-2")
    assert resumed.status_code == 201, resumed.text
    assert resumed.json()["payment"]["client_secret"]
    assert len(sandbox._payments) == 1  # one payment at the provider for the attempt


async def test_pending_topups_count_towards_the_cap_and_expire(
    client: httpx.AsyncClient, runtime: Runtime, clock: FixedClock
) -> None:
    rider = await register(client)
    for key in ("cap-1", "cap-2"):
        assert (await topup(client, rider, 2_000_000, key)).status_code == 201
    over = await topup(client, rider, 2_000_000, "cap-3")  # 4.000.000 ₫ pending + 2.000.000 ₫ > cap
    assert over.status_code == 400, over.text
    assert over.json()["code"] == "wallet_cap_exceeded"
    assert over.headers["content-type"].startswith("application/problem+json")

    clock.advance(timedelta(minutes=31))
    report = await run_housekeeping(runtime.unit_of_work, clock, runtime.payments, runtime.payment_handlers)
    assert report.topups_expired == 2
    login = await client.post("/v1/auth/login", json={"email": rider["email"], "password": rider["password"]})
    rider["access"] = login.json()["access_token"]  # the first token has expired meanwhile
    wallet = (await client.get("/v1/wallet", headers=bearer(rider["access"]))).json()
    assert {t["status"] for t in wallet["recent_topups"]} == {"failed"}
    assert (await topup(client, rider, 2_000_000, "cap-4")).status_code == 201  # no longer counted
    assert (
        await run_housekeeping(runtime.unit_of_work, clock, runtime.payments, runtime.payment_handlers)
    ).topups_expired == 0


async def test_purchase_cut_off_after_the_provider_answered_resumes_by_key(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    rider = await register(client)
    sandbox = runtime.payments
    faults = install_faults(runtime, sandbox)
    faults.lose_commit_after.add("create_payment")  # the intent exists at the provider, our record is lost
    headers = {**bearer(rider["access"]), "Idempotency-Key": "mua-1"}
    lost = await client.post("/v1/orders", json={"items": [SINGLE]}, headers=headers)
    assert lost.status_code == 500
    resumed = await client.post("/v1/orders", json={"items": [SINGLE]}, headers=headers)
    assert resumed.status_code == 201, resumed.text
    assert resumed.json()["payment"]["client_secret"]
    replayed = await client.post("/v1/orders", json={"items": [SINGLE]}, headers=headers)
    assert replayed.json()["order_id"] == resumed.json()["order_id"]
    assert len(sandbox._payments) == 1  # one payment intent for the attempt
    assert faults.calls["create_payment"] == 2  # asked again with the same idempotency key
