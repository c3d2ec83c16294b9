"""The Stripe purchase set-up shared by the order suites: the Hanoi catalogue in force, the real
Stripe provider on localstripe, our payment handlers, and signed webhook delivery."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from gateway.stripe_provider import StripeProvider
from tests.api.rider.helpers import publish_hanoi_feed, wire_purchase_ports
from tests.stripe_support import (
    TEST_API_KEY,
    TEST_WEBHOOK_SECRET,
    event,
    localstripe_url,
    reset_localstripe,
    signed,
)
from ticketing.runtime import Runtime

__all__ = ["deliver_payment_intent_event", "localstripe_url", "stripe_shop"]


@pytest.fixture
async def stripe_shop(runtime: Runtime, localstripe_url: str) -> AsyncIterator[StripeProvider]:
    reset_localstripe(localstripe_url)
    provider = StripeProvider(TEST_API_KEY, api_base=localstripe_url, max_network_retries=0)
    await publish_hanoi_feed(runtime)
    wire_purchase_ports(runtime, provider)
    runtime.payments_webhook_secret = TEST_WEBHOOK_SECRET
    yield provider
    await provider.aclose()


async def deliver_payment_intent_event(
    client: httpx.AsyncClient, event_id: str, kind: str, payment_intent_id: str
) -> str:
    """A signed PaymentIntent event posted to the webhook endpoint, as Stripe sends it."""
    body, header = signed(event(event_id, kind, {"id": payment_intent_id, "object": "payment_intent"}))
    response = await client.post(
        "/v1/webhooks/stripe",
        content=body,
        headers={"Stripe-Signature": header, "Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    return str(response.json()["status"])
