"""One suite over every PaymentProvider: the sandbox and Stripe (the real library on localstripe)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from gateway.port import PaymentDeclined, PaymentProvider, ProviderError, ProviderPayment
from gateway.sandbox import SandboxProvider
from gateway.stripe_provider import StripeProvider
from tests.stripe_support import TEST_API_KEY, localstripe_url, reset_localstripe
from ticketing.core.clock import FixedClock, SystemClock

__all__ = ["localstripe_url"]

pytestmark = pytest.mark.stripe


@pytest.fixture(params=["sandbox", "stripe"])
async def provider(request: pytest.FixtureRequest) -> AsyncIterator[PaymentProvider]:
    if request.param == "sandbox":
        yield SandboxProvider(SystemClock())
        return
    url = request.getfixturevalue("localstripe_url")
    reset_localstripe(url)
    stripe_provider = StripeProvider(TEST_API_KEY, api_base=url, max_network_retries=0)
    yield stripe_provider
    await stripe_provider.aclose()


async def _create(provider: PaymentProvider, key: str, amount: int = 18625) -> ProviderPayment:
    return await provider.create_payment(
        idempotency_key=key, amount_minor=amount, currency="VND", description="vé lượt",
        metadata={"vexe_payment_id": key},
    )


async def _confirm(
    provider: PaymentProvider, payment: ProviderPayment, *, decline: bool = False
) -> ProviderPayment:
    if isinstance(provider, SandboxProvider):
        return await provider.confirm(payment.provider_payment_id, decline=decline)
    assert isinstance(provider, StripeProvider)
    method = "pm_card_chargeCustomerFail" if decline else "pm_card_visa"
    return await provider.confirm_with_method(payment.provider_payment_id, method)


async def test_create_confirm_fetch_zero_decimal_vnd(provider: PaymentProvider) -> None:
    created = await _create(provider, "vexe:order:P1")
    assert created.status == "requires_confirmation"
    assert (created.amount_minor, created.currency) == (18625, "VND")
    assert created.client_secret
    confirmed = await _confirm(provider, created)
    assert confirmed.status == "succeeded"
    fetched = await provider.fetch_payment(created.provider_payment_id)
    assert fetched.status == "succeeded"
    assert fetched.amount_minor == 18625
    assert fetched.charge_id
    assert fetched.metadata["vexe_payment_id"] == "vexe:order:P1"
    assert await provider.fee_for(created.provider_payment_id) >= 0


async def test_partial_and_full_refunds_never_exceed_payment(provider: PaymentProvider) -> None:
    payment = await _confirm(provider, await _create(provider, "vexe:order:P2", 20000))
    pid = payment.provider_payment_id
    first = await provider.refund(idempotency_key="vexe:refund:R1", provider_payment_id=pid,
                                  amount_minor=7000, metadata={})
    assert (first.amount_minor, first.currency, first.status) == (7000, "VND", "succeeded")
    assert (await provider.fetch_refund(first.provider_refund_id)).amount_minor == 7000
    second = await provider.refund(idempotency_key="vexe:refund:R2", provider_payment_id=pid,
                                   amount_minor=13000, metadata={})
    assert second.provider_refund_id != first.provider_refund_id


async def test_declined_card_is_payment_declined(provider: PaymentProvider) -> None:
    if isinstance(provider, StripeProvider):
        with pytest.raises(PaymentDeclined):
            await provider.create_payment(
                idempotency_key="vexe:order:P3", amount_minor=9000, currency="VND", description="x",
                metadata={}, payment_method="pm_card_chargeCustomerFail", confirm=True,
            )
        return
    created = await _create(provider, "vexe:order:P3")
    with pytest.raises(PaymentDeclined):
        await _confirm(provider, created, decline=True)
    assert (await provider.fetch_payment(created.provider_payment_id)).status == "failed"


async def test_balance_transactions_name_charges_and_refunds(provider: PaymentProvider) -> None:
    clock = SystemClock()
    start = clock.now() - timedelta(minutes=1)
    payment = await _confirm(provider, await _create(provider, "vexe:order:P4", 30000))
    pid = payment.provider_payment_id
    refund = await provider.refund(idempotency_key="vexe:refund:R4", provider_payment_id=pid,
                                   amount_minor=5000, metadata={})
    until = clock.now() + timedelta(minutes=1)
    txns = await provider.list_balance_transactions(created_from=start, created_until=until)
    by_source = {t.source: t for t in txns}
    assert payment.charge_id is not None
    assert by_source[payment.charge_id].amount_minor == 30000
    assert by_source[payment.charge_id].type == "charge"
    assert by_source[refund.provider_refund_id].amount_minor == -5000
    assert by_source[refund.provider_refund_id].type == "refund"
    later = await provider.list_balance_transactions(created_from=clock.now() + timedelta(hours=1),
                                                     created_until=clock.now() + timedelta(hours=2))
    assert later == []


async def test_unknown_objects_are_provider_errors(provider: PaymentProvider) -> None:
    with pytest.raises(ProviderError):
        await provider.fetch_payment("pi_does_not_exist")
    with pytest.raises(ProviderError):
        await provider.fetch_refund("re_does_not_exist")


def test_sandbox_balance_history_uses_its_clock() -> None:
    clock = FixedClock(SystemClock().now())
    sandbox = SandboxProvider(clock, fee_bps=250)
    payout = sandbox.make_payout(1000, "VND")
    assert payout.status == "paid"


async def test_cancel_is_idempotent_and_refused_after_success(provider: PaymentProvider) -> None:
    open_payment = await _create(provider, "vexe:order:C1")
    canceled = await provider.cancel_payment(open_payment.provider_payment_id)
    assert canceled.status == "canceled"
    assert (await provider.cancel_payment(open_payment.provider_payment_id)).status == "canceled"
    assert (await provider.fetch_payment(open_payment.provider_payment_id)).status == "canceled"
    paid = await _confirm(provider, await _create(provider, "vexe:order:C2", 9000))
    with pytest.raises(ProviderError):
        await provider.cancel_payment(paid.provider_payment_id)
    assert (await provider.fetch_payment(paid.provider_payment_id)).status == "succeeded"


async def test_a_declined_payment_reports_failed_with_a_code(provider: PaymentProvider) -> None:
    created = await _create(provider, "vexe:order:D1")
    with pytest.raises(PaymentDeclined):
        await _confirm(provider, created, decline=True)
    fetched = await provider.fetch_payment(created.provider_payment_id)
    assert fetched.status == "failed"
    assert fetched.failure_code
