"""Failed and abandoned Stripe purchases (real library against localstripe, signed webhooks)."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from gateway.port import PaymentDeclined
from gateway.stripe_provider import StripeProvider
from tests.api.rider.helpers import bearer, register
from tests.integration.stripe_shop import deliver_payment_intent_event as deliver
from tests.integration.stripe_shop import localstripe_url, stripe_shop
from tests.ledger_support import assert_books_balance
from ticketing.core.clock import FixedClock
from ticketing.runtime import Runtime
from ticketing.service.ledger.balances import account_balance
from ticketing.service.payments import get_payment
from ticketing.service.riders.expiry import ORDER_PAYMENT_WINDOW, expire_abandoned_orders

__all__ = ["localstripe_url", "stripe_shop"]
pytestmark = pytest.mark.stripe

ITEMS = [{"fare_product_id": "bus_single_8000", "rider_category_id": "pho_thong",
          "fare_media_id": "hanoi_metro_app", "quantity": 2}]


async def start(client: httpx.AsyncClient, runtime: Runtime, token: str, key: str) -> tuple[str, str]:
    created = await client.post("/v1/orders", json={"items": ITEMS},
                                headers={**bearer(token), "Idempotency-Key": key})
    assert created.status_code == 201, created.text
    order = created.json()
    async with runtime.unit_of_work() as uow:
        pi = (await get_payment(uow.session, order["payment"]["payment_id"])).provider_payment_id
    assert pi is not None
    return str(order["order_id"]), pi


async def test_a_refused_card_fails_the_order_and_issues_nothing(
    client: httpx.AsyncClient, runtime: Runtime, stripe_shop: StripeProvider
) -> None:
    rider = await register(client)
    order_id, pi = await start(client, runtime, rider["access"], "fail-1")
    with pytest.raises(PaymentDeclined):
        await stripe_shop.confirm_with_method(pi, "pm_card_chargeCustomerFail")
    assert await deliver(client, "evt_failed", "payment_intent.payment_failed", pi) == "handled"
    assert await deliver(client, "evt_failed", "payment_intent.payment_failed", pi) == "duplicate"
    failed = (await client.get(f"/v1/orders/{order_id}", headers=bearer(rider["access"]))).json()
    assert (failed["status"], failed["ticket_ids"], failed["payment"]["status"]) == ("failed", [], "failed")
    assert failed["failure"]["code"]
    assert failed["failure"]["message_vi"]
    assert failed["failure"]["message_en"]
    async with runtime.unit_of_work() as uow:
        assert await account_balance(uow.session, "assets:psp:stripe", "VND") == 0

    # A forged or stale "succeeded" is checked against Stripe, which says failed: nothing moves.
    # (localstripe refuses to confirm a failed PaymentIntent again, so the retried-card success
    # on the same intent is covered with the sandbox in tests/api/rider/test_order_failures.py.)
    assert await deliver(client, "evt_stale_paid", "payment_intent.succeeded", pi) == "handled"
    still = (await client.get(f"/v1/orders/{order_id}", headers=bearer(rider["access"]))).json()
    assert (still["status"], still["ticket_ids"]) == ("failed", [])
    async with runtime.unit_of_work() as uow:
        assert await account_balance(uow.session, "assets:psp:stripe", "VND") == 0
        await assert_books_balance(uow.session)
    retry = await client.post("/v1/orders", json={"items": ITEMS},
                              headers={**bearer(rider["access"]), "Idempotency-Key": "fail-2"})
    assert retry.status_code == 201
    assert retry.json()["order_id"] != order_id


async def test_an_abandoned_order_is_canceled_at_stripe_and_expires(
    client: httpx.AsyncClient, runtime: Runtime, stripe_shop: StripeProvider
) -> None:
    rider = await register(client)
    order_id, pi = await start(client, runtime, rider["access"], "abandon-1")
    later = FixedClock(runtime.clock.now() + ORDER_PAYMENT_WINDOW + timedelta(minutes=1))
    report = await expire_abandoned_orders(runtime.unit_of_work, later, stripe_shop,
                                           runtime.payment_handlers)
    assert report.expired == [order_id], report
    assert (await stripe_shop.fetch_payment(pi)).status == "canceled"
    assert (await stripe_shop.cancel_payment(pi)).status == "canceled"  # idempotent at the provider
    assert await deliver(client, "evt_canceled", "payment_intent.canceled", pi) == "handled"
    again = await expire_abandoned_orders(runtime.unit_of_work, later, stripe_shop,
                                          runtime.payment_handlers)
    assert again.expired == []
    read = (await client.get(f"/v1/orders/{order_id}", headers=bearer(rider["access"]))).json()
    assert (read["status"], read["payment"]["status"], read["ticket_ids"]) == ("expired", "canceled", [])
