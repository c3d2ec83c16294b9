"""The localstripe the tests serve keeps its state in this process: nothing is written to the file
localstripe would share between processes, so other checkouts can run their suites meanwhile."""

from __future__ import annotations

import pytest

from gateway.stripe_provider import StripeProvider
from tests.stripe_support import TEST_API_KEY, localstripe_url, reset_localstripe

__all__ = ["localstripe_url"]
pytestmark = pytest.mark.stripe


async def test_writes_stay_in_this_process(localstripe_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from localstripe.resources import Store

    def shared_file_write(self: Store) -> None:
        raise AssertionError("localstripe wrote its state to the shared pickle file")

    monkeypatch.setattr(Store, "dump_to_disk", shared_file_write)
    reset_localstripe(localstripe_url)
    provider = StripeProvider(TEST_API_KEY, api_base=localstripe_url, max_network_retries=0)
    try:
        created = await provider.create_payment(
            idempotency_key="vexe:test:isolation", amount_minor=8000, currency="VND",
            description="isolation", metadata={"vexe_payment_id": "ISO1", "vexe_purpose": "order"},
        )
        fetched = await provider.fetch_payment(created.provider_payment_id)
    finally:
        await provider.aclose()
    assert fetched.amount_minor == 8000
