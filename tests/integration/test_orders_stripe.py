"""The purchase flow with Stripe (real library against localstripe) and signed webhooks: tickets
are issued once the PaymentIntent succeeds, and replayed or repeated events issue nothing more."""

from __future__ import annotations

import httpx
import pytest

from gateway.stripe_provider import StripeProvider
from tests.api.rider.helpers import bearer, register
from tests.integration.stripe_shop import deliver_payment_intent_event, localstripe_url, stripe_shop
from tests.ledger_support import assert_books_balance
from tests.stripe_support import event, signed
from ticketing.runtime import Runtime
from ticketing.service.ledger.balances import account_balance

__all__ = ["localstripe_url", "stripe_shop"]
pytestmark = pytest.mark.stripe


async def deliver_succeeded(client: httpx.AsyncClient, event_id: str, pi: str) -> str:
    return await deliver_payment_intent_event(client, event_id, "payment_intent.succeeded", pi)


async def test_stripe_purchase_issues_tickets_after_the_signed_webhook(
    client: httpx.AsyncClient, runtime: Runtime, stripe_shop: StripeProvider
) -> None:
    rider = await register(client)
    items = [
        {
            "fare_product_id": "bus_single_8000",
            "rider_category_id": "pho_thong",
            "fare_media_id": "hanoi_metro_app",
            "quantity": 2,
        },
        {"fare_product_id": "m2a_day", "rider_category_id": "pho_thong", "fare_media_id": "hanoi_metro_app"},
    ]
    headers = {**bearer(rider["access"]), "Idempotency-Key": "stripe-1"}
    created = await client.post("/v1/orders", json={"items": items}, headers=headers)
    assert created.status_code == 201, created.text
    order = created.json()
    payment = order["payment"]
    assert payment["provider"] == "stripe"
    assert payment["client_secret"]
    assert payment["sandbox_confirm_url"] is None
    retried = await client.post("/v1/orders", json={"items": items}, headers=headers)
    assert retried.json()["payment"]["client_secret"] == payment["client_secret"]
    sandbox = await client.post(
        f"/v1/orders/{order['order_id']}/sandbox-confirm", headers=bearer(rider["access"])
    )
    assert sandbox.status_code == 400
    assert sandbox.json()["code"] == "sandbox_only"

    async with runtime.unit_of_work() as uow:
        from ticketing.service.payments import get_payment

        pi = (await get_payment(uow.session, payment["payment_id"])).provider_payment_id
    assert pi is not None
    # An early "succeeded" (forged or out of order) is checked against Stripe: nothing is issued.
    assert await deliver_succeeded(client, "evt_early", pi) == "handled"
    early = await client.get(f"/v1/orders/{order['order_id']}", headers=bearer(rider["access"]))
    assert (early.json()["status"], early.json()["ticket_ids"]) == ("pending_payment", [])

    await stripe_shop.confirm_with_method(pi, "pm_card_visa")  # the rider's card sheet
    assert await deliver_succeeded(client, "evt_paid", pi) == "handled"
    assert await deliver_succeeded(client, "evt_paid", pi) == "duplicate"
    assert await deliver_succeeded(client, "evt_paid_again", pi) == "handled"
    paid = (await client.get(f"/v1/orders/{order['order_id']}", headers=bearer(rider["access"]))).json()
    assert paid["status"] == "paid"
    assert len(paid["ticket_ids"]) == 3
    tickets = (await client.get("/v1/tickets", headers=bearer(rider["access"]))).json()["items"]
    assert len(tickets) == 3
    async with runtime.unit_of_work() as uow:
        assert await account_balance(uow.session, "assets:psp:stripe", "VND") == 56000
        assert await account_balance(uow.session, "liabilities:unearned_fares", "VND") == 56000
        await assert_books_balance(uow.session)

    single = next(t for t in tickets if t["kind"] == "single")
    refund = await client.post(
        "/v1/refunds", json={"ticket_id": single["ticket_id"]}, headers=bearer(rider["access"])
    )
    assert refund.status_code == 201, refund.text
    async with runtime.unit_of_work() as uow:
        assert await account_balance(uow.session, "assets:psp:stripe", "VND") == 48000
        await assert_books_balance(uow.session)


async def test_unsigned_or_forged_webhooks_are_refused(
    client: httpx.AsyncClient, runtime: Runtime, stripe_shop: StripeProvider
) -> None:
    body, header = signed(
        event("evt_x", "payment_intent.succeeded", {"id": "pi_x", "object": "payment_intent"})
    )
    unsigned = await client.post(
        "/v1/webhooks/stripe", content=body, headers={"Content-Type": "application/json"}
    )
    assert unsigned.status_code == 400
    forged = await client.post(
        "/v1/webhooks/stripe",
        content=body.replace(b"pi_x", b"pi_y"),
        headers={"Stripe-Signature": header, "Content-Type": "application/json"},
    )
    assert forged.status_code == 400
