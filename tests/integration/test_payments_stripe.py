"""Payments on the real stripe library against localstripe, with signed webhooks, on both databases."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.stripe_provider import StripeProvider
from tests.ledger_support import LEDGER_TEST_HANDLERS, assert_books_balance, ticket_ids
from tests.stripe_support import (
    TEST_API_KEY,
    TEST_WEBHOOK_SECRET,
    event,
    localstripe_url,
    reset_localstripe,
    signed,
)
from ticketing.core.errors import Conflict, Rejected, Unavailable
from ticketing.runtime import Runtime
from ticketing.service.ledger.balances import account_balance
from ticketing.service.payments import (
    create_payment,
    get_payment,
    handle_webhook,
    refund_payment,
)

__all__ = ["localstripe_url"]
pytestmark = pytest.mark.stripe


@pytest.fixture
async def stripe_provider(localstripe_url: str) -> AsyncIterator[StripeProvider]:
    reset_localstripe(localstripe_url)
    provider = StripeProvider(TEST_API_KEY, api_base=localstripe_url, max_network_retries=0)
    yield provider
    await provider.aclose()



async def _deliver(runtime: Runtime, provider: StripeProvider, payload: dict[str, object],
                   secret: str | None = TEST_WEBHOOK_SECRET) -> str:
    body, header = signed(payload)
    outcome = await handle_webhook(runtime.unit_of_work, runtime.clock, provider, raw_body=body,
                                   signature=header, secret=secret,
                                   handlers=LEDGER_TEST_HANDLERS)
    return outcome.status


async def test_create_confirm_webhook_refund(runtime: Runtime, stripe_provider: StripeProvider) -> None:
    async with runtime.unit_of_work() as uow:
        view = await create_payment(uow.session, runtime.clock, stripe_provider, payment_id="PAY1",
                                    purpose="order", reference_id="ORD1", amount_minor=14000,
                                    currency="VND", description="2 vé lượt",
                                    handlers=LEDGER_TEST_HANDLERS)
        again = await create_payment(uow.session, runtime.clock, stripe_provider, payment_id="PAY1",
                                     purpose="order", reference_id="ORD1", amount_minor=14000,
                                     currency="VND", description="2 vé lượt",
                                     handlers=LEDGER_TEST_HANDLERS)
    assert again.provider_payment_id == view.provider_payment_id
    assert view.status == "requires_confirmation"
    assert view.client_secret
    async with runtime.unit_of_work() as uow:
        with pytest.raises(Conflict):
            await create_payment(uow.session, runtime.clock, stripe_provider, payment_id="PAY1",
                                 purpose="order", reference_id="ORD1", amount_minor=15000,
                                 currency="VND", description="x",
                                 handlers=LEDGER_TEST_HANDLERS)
    pi = view.provider_payment_id
    assert pi is not None

    # A forged "succeeded" before the payment really succeeded changes nothing: the object is re-fetched.
    early = event("evt_early", "payment_intent.succeeded", {"id": pi, "object": "payment_intent"})
    assert await _deliver(runtime, stripe_provider, early) == "handled"
    async with runtime.unit_of_work() as uow:
        assert (await get_payment(uow.session, "PAY1")).status == "requires_confirmation"
        assert await account_balance(uow.session, "assets:psp:stripe", "VND") == 0

    await stripe_provider.confirm_with_method(pi, "pm_card_visa")
    succeeded = event("evt_ok", "payment_intent.succeeded", {"id": pi, "object": "payment_intent"})
    assert await _deliver(runtime, stripe_provider, succeeded) == "handled"
    assert await _deliver(runtime, stripe_provider, succeeded) == "duplicate"
    async with runtime.unit_of_work() as uow:
        assert (await get_payment(uow.session, "PAY1")).status == "succeeded"
        assert await account_balance(uow.session, "assets:psp:stripe", "VND") == 14000
        assert await account_balance(uow.session, "liabilities:unearned_fares", "VND") == 14000

    t1, _ = ticket_ids("PAY1")
    for _ in range(2):
        await refund_payment(runtime.unit_of_work, runtime.clock, stripe_provider, refund_id="RF1",
                             payment_id="PAY1", amount_minor=7000, ticket_id=t1)
    with pytest.raises(Rejected):
        await refund_payment(runtime.unit_of_work, runtime.clock, stripe_provider, refund_id="RF2",
                             payment_id="PAY1", amount_minor=1, ticket_id=t1)
    async with runtime.unit_of_work() as uow:
        assert await account_balance(uow.session, "assets:psp:stripe", "VND") == 7000
        await assert_books_balance(uow.session)
    refunds = [t for t in await _provider_refunds(stripe_provider, pi)]
    assert refunds == [7000]


async def _provider_refunds(provider: StripeProvider, pi: str) -> list[int]:
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    txns = await provider.list_balance_transactions(created_from=now - timedelta(minutes=5),
                                                    created_until=now + timedelta(minutes=5))
    return [-t.amount_minor for t in txns if t.type == "refund"]


async def test_declined_payment_moves_no_money(runtime: Runtime, stripe_provider: StripeProvider) -> None:
    async with runtime.unit_of_work() as uow:
        view = await create_payment(uow.session, runtime.clock, stripe_provider, payment_id="PAY2",
                                    purpose="order", reference_id="ORD2", amount_minor=9000,
                                    currency="VND", description="x",
                                    handlers=LEDGER_TEST_HANDLERS)
    assert view.provider_payment_id is not None
    from gateway.port import PaymentDeclined

    with pytest.raises(PaymentDeclined):
        await stripe_provider.confirm_with_method(view.provider_payment_id, "pm_card_chargeCustomerFail")
    failed = event("evt_fail", "payment_intent.payment_failed",
                   {"id": view.provider_payment_id, "object": "payment_intent"})
    assert await _deliver(runtime, stripe_provider, failed) == "handled"
    async with runtime.unit_of_work() as uow:
        assert (await get_payment(uow.session, "PAY2")).status == "failed"
        assert await account_balance(uow.session, "assets:psp:stripe", "VND") == 0


async def test_bad_or_missing_signature_or_secret_is_refused(
    runtime: Runtime, stripe_provider: StripeProvider, session: AsyncSession
) -> None:
    payload = event("evt_x", "payment_intent.succeeded", {"id": "pi_x", "object": "payment_intent"})
    body, header = signed(payload)
    for sig, secret, error in [
        (header, None, Unavailable),
        (None, TEST_WEBHOOK_SECRET, Rejected),
        (header.replace("v1=", "v1=00"), TEST_WEBHOOK_SECRET, Rejected),
        (signed(payload, "whsec_other")[1], TEST_WEBHOOK_SECRET, Rejected),
    ]:
        with pytest.raises(error):
            await handle_webhook(runtime.unit_of_work, runtime.clock, stripe_provider, raw_body=body,
                                 signature=sig, secret=secret,
                                 handlers=LEDGER_TEST_HANDLERS)
    tampered = body.replace(b"pi_x", b"pi_y")
    with pytest.raises(Rejected):
        await handle_webhook(runtime.unit_of_work, runtime.clock, stripe_provider, raw_body=tampered,
                             signature=header, secret=TEST_WEBHOOK_SECRET,
                             handlers=LEDGER_TEST_HANDLERS)
