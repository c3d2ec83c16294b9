"""Failed, declined, expired and late-paid orders (sandbox provider, both databases)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import timedelta

import httpx
import pytest
import sqlalchemy as sa

from gateway.port import ProviderPayment
from gateway.sandbox import SandboxProvider
from tests.api.rider.helpers import bearer, register
from tests.ledger_support import assert_books_balance
from ticketing.core.clock import FixedClock
from ticketing.db.models.orders import Order
from ticketing.runtime import Runtime
from ticketing.service.ledger.balances import account_balance
from ticketing.service.payments.payments import apply_provider_state, payment_row
from ticketing.service.riders.expiry import ORDER_PAYMENT_WINDOW, expire_abandoned_orders
from ticketing.service.riders.orders import attempt_payment_id

pytestmark = pytest.mark.usefixtures("shop")

SINGLE = {
    "fare_product_id": "bus_single_8000",
    "rider_category_id": "pho_thong",
    "fare_media_id": "hanoi_metro_app",
    "quantity": 2,
}


async def buy(client: httpx.AsyncClient, token: str, key: str) -> dict[str, object]:
    response = await client.post(
        "/v1/orders", json={"items": [SINGLE]}, headers={**bearer(token), "Idempotency-Key": key}
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


async def psp_balance(runtime: Runtime) -> int:
    async with runtime.unit_of_work() as uow:
        await assert_books_balance(uow.session)
        return await account_balance(uow.session, "assets:psp:sandbox", "VND")


async def test_a_declined_card_fails_the_order_and_issues_nothing(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    rider = await register(client)
    order = await buy(client, rider["access"], "decline-1")
    declined = await client.post(
        f"/v1/orders/{order['order_id']}/sandbox-decline", headers=bearer(rider["access"])
    )
    assert declined.status_code == 200, declined.text
    body = declined.json()
    assert (body["status"], body["ticket_ids"], body["payment"]["status"]) == ("failed", [], "failed")
    assert body["failure"]["code"] == "card_declined"
    assert body["failure"]["message_vi"].startswith("Thẻ bị từ chối")
    assert "declined" in body["failure"]["message_en"]
    again = await client.post(
        f"/v1/orders/{order['order_id']}/sandbox-decline", headers=bearer(rider["access"])
    )
    assert again.json()["status"] == "failed"
    read = (await client.get(f"/v1/orders/{order['order_id']}", headers=bearer(rider["access"]))).json()
    assert read["status"] == "failed"
    assert read["failure"]["code"] == "card_declined"
    assert (await client.get("/v1/tickets", headers=bearer(rider["access"]))).json()["items"] == []
    assert await psp_balance(runtime) == 0

    # The rider retries the card on the same payment: the failed order is fulfilled, once.
    url = f"/v1/orders/{order['order_id']}/sandbox-confirm"
    paid = (await client.post(url, headers=bearer(rider["access"]))).json()
    assert (paid["status"], paid["failure"], len(paid["ticket_ids"])) == ("paid", None, 2)
    repeated = (await client.post(url, headers=bearer(rider["access"]))).json()
    assert repeated["ticket_ids"] == paid["ticket_ids"]
    late_decline = await client.post(
        f"/v1/orders/{order['order_id']}/sandbox-decline", headers=bearer(rider["access"])
    )
    assert late_decline.json()["status"] == "paid"
    assert await psp_balance(runtime) == 16000

    # A new attempt (new Idempotency-Key) is a new order with its own payment.
    other = await buy(client, rider["access"], "decline-2")
    assert other["order_id"] != order["order_id"]


async def test_abandoned_orders_expire_once_and_cancel_the_payment(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    rider = await register(client)
    abandoned = await buy(client, rider["access"], "abandon-1")
    paid = await buy(client, rider["access"], "abandon-2")
    await client.post(f"/v1/orders/{paid['order_id']}/sandbox-confirm", headers=bearer(rider["access"]))
    provider = runtime.payments
    assert isinstance(provider, SandboxProvider)

    early = await expire_abandoned_orders(runtime.unit_of_work, runtime.clock, provider,
                                          runtime.payment_handlers)
    assert early.expired == []
    later = FixedClock(runtime.clock.now() + ORDER_PAYMENT_WINDOW + timedelta(seconds=1))
    report = await expire_abandoned_orders(runtime.unit_of_work, later, provider,
                                           runtime.payment_handlers)
    assert report.expired == [abandoned["order_id"]]
    assert report.errors == {}
    again = await expire_abandoned_orders(runtime.unit_of_work, later, provider,
                                           runtime.payment_handlers)
    assert again.as_json() == {"expired": [], "paid": [], "failed": [], "errors": {}}

    read = (await client.get(f"/v1/orders/{abandoned['order_id']}", headers=bearer(rider["access"]))).json()
    assert (read["status"], read["payment"]["status"], read["ticket_ids"]) == ("expired", "canceled", [])
    assert read["failure"]["code"] == "payment_expired"
    async with runtime.unit_of_work() as uow:
        pi = (await payment_row(uow.session, str(abandoned["payment"]["payment_id"]))).provider_payment_id  # type: ignore[index]
    assert pi is not None
    assert (await provider.fetch_payment(pi)).status == "canceled"
    confirm = await client.post(
        f"/v1/orders/{abandoned['order_id']}/sandbox-confirm", headers=bearer(rider["access"])
    )
    assert confirm.status_code == 400
    assert confirm.json()["code"] == "order_not_pending"
    assert await psp_balance(runtime) == 16000


async def test_an_order_paid_at_the_last_moment_is_fulfilled_not_expired(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    rider = await register(client)
    order = await buy(client, rider["access"], "last-moment")
    provider = runtime.payments
    assert isinstance(provider, SandboxProvider)
    async with runtime.unit_of_work() as uow:
        row = await payment_row(uow.session, str(order["payment"]["payment_id"]))  # type: ignore[index]
    assert row.provider_payment_id is not None
    await provider.confirm(row.provider_payment_id)  # paid at the provider; no event seen yet
    later = FixedClock(runtime.clock.now() + ORDER_PAYMENT_WINDOW * 2)
    report = await expire_abandoned_orders(runtime.unit_of_work, later, provider,
                                           runtime.payment_handlers)
    assert report.paid == [order["order_id"]]
    read = (await client.get(f"/v1/orders/{order['order_id']}", headers=bearer(rider["access"]))).json()
    assert (read["status"], len(read["ticket_ids"])) == ("paid", 2)


async def test_every_delivery_order_of_failed_and_succeeded_gives_one_fulfilment(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    """Stale or duplicated provider states in any order: once succeeded, paid once for good."""
    rider = await register(client)
    provider = runtime.payments
    assert isinstance(provider, SandboxProvider)
    orders: list[str] = []
    for n, sequence in enumerate(sorted(set(itertools.permutations(("f", "f", "s", "s"))))):
        order = await buy(client, rider["access"], f"perm-{n}")
        orders.append(str(order["order_id"]))
        async with runtime.unit_of_work() as uow:
            row = await payment_row(uow.session, str(order["payment"]["payment_id"]))  # type: ignore[index]
        assert row.provider_payment_id is not None
        pending = await provider.fetch_payment(row.provider_payment_id)
        failed = replace(pending, status="failed", failure_code="card_declined")
        succeeded: ProviderPayment = await provider.confirm(row.provider_payment_id)
        for step in sequence:
            async with runtime.unit_of_work() as uow:
                row = await payment_row(uow.session, row.payment_id, for_update=True)
                await apply_provider_state(
                    uow.session, runtime.clock, provider, row, failed if step == "f" else succeeded,
                    runtime.payment_handlers,
                )
    async with runtime.unit_of_work() as uow:
        statuses = set(await uow.session.scalars(sa.select(Order.status).where(Order.id.in_(orders))))
    assert statuses == {"paid"}
    tickets = (await client.get("/v1/tickets?limit=100", headers=bearer(rider["access"]))).json()["items"]
    assert len(tickets) == 2 * len(orders)
    assert await psp_balance(runtime) == 16000 * len(orders)


def test_racing_retries_of_one_attempt_derive_one_payment_id() -> None:
    assert attempt_payment_id("R1", "k") == attempt_payment_id("R1", "k")
    assert attempt_payment_id("R1", "k") != attempt_payment_id("R1", "k2")
    assert attempt_payment_id("R1", "k") != attempt_payment_id("R2", "k")
    assert len(attempt_payment_id("R1", "k" * 255)) <= 64


async def test_the_loser_of_a_race_resumes_the_winners_order_and_makes_no_second_intent(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    """A racer that passed the replay check before the winner stored its answer: the payment id
    derived from the key finds the winner's order, so it resumes that order (no second order,
    no second intent at the provider); another body under the key is refused."""
    from dataclasses import replace

    from mobile_api.feed import current_feed
    from mobile_api.ports import purchase_ports
    from ticketing.core.errors import Conflict
    from ticketing.service.riders.orders import OrderItem
    from ticketing.service.riders.purchase import start_purchase

    rider = await register(client)
    winner = await buy(client, rider["access"], "race-1")
    provider = runtime.payments
    assert isinstance(provider, SandboxProvider)
    intents = len(provider._payments)
    item = OrderItem("bus_single_8000", "pho_thong", "hanoi_metro_app", 2)

    async def race(quantity: int) -> str:
        async with runtime.unit_of_work() as uow:
            feed = await current_feed(uow.session, runtime.clock)
            order = await start_purchase(uow.session, runtime.clock, purchase_ports(runtime), feed,
                                         rider["rider_id"], [replace(item, quantity=quantity)],
                                         idempotency_key="race-1")
            return order.order_id

    assert await race(2) == winner["order_id"]
    with pytest.raises(Conflict):
        await race(3)
    assert len(provider._payments) == intents
    assert winner["payment"]["payment_id"] == attempt_payment_id(rider["rider_id"], "race-1")  # type: ignore[index]


async def test_a_declined_top_up_fails_and_credits_nothing(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    from ticketing.service.payments import confirm_sandbox_payment
    from ticketing.service.riders.wallet import balance

    rider = await register(client)
    created = await client.post("/v1/wallet/topups", json={"amount_minor": 50000},
                                headers=bearer(rider["access"]))
    assert created.status_code == 201, created.text
    topup = created.json()
    async with runtime.unit_of_work() as uow:
        assert runtime.payments is not None
        await confirm_sandbox_payment(uow.session, runtime.clock, runtime.payments,
                                      payment_id=topup["payment"]["payment_id"], decline=True,
                                      handlers=runtime.payment_handlers)
    async with runtime.unit_of_work() as uow:
        assert await balance(uow.session, rider["rider_id"], "VND") == 0
    wallet = (await client.get("/v1/wallet", headers=bearer(rider["access"]))).json()
    assert wallet["recent_topups"][0]["status"] == "failed"
    assert await psp_balance(runtime) == 0
