"""POST /v1/webhooks/stripe through the app: signature first, then the inbox, then the ledger."""

from __future__ import annotations

import httpx
import pytest

from gateway.sandbox import SandboxProvider
from tests.ledger_support import LEDGER_TEST_HANDLERS
from tests.stripe_support import TEST_WEBHOOK_SECRET, event, signed
from ticketing.runtime import Runtime
from ticketing.service.ledger.balances import account_balance
from ticketing.service.payments import create_payment


@pytest.fixture
def sandbox(runtime: Runtime) -> SandboxProvider:
    provider = SandboxProvider(runtime.clock)
    runtime.payments = provider
    runtime.payments_webhook_secret = TEST_WEBHOOK_SECRET
    runtime.payment_handlers = LEDGER_TEST_HANDLERS
    return provider


async def _post(client: httpx.AsyncClient, body: bytes, signature: str | None) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["Stripe-Signature"] = signature
    return await client.post("/v1/webhooks/stripe", content=body, headers=headers)


async def test_signed_event_moves_money_once(
    client: httpx.AsyncClient, runtime: Runtime, sandbox: SandboxProvider
) -> None:
    async with runtime.unit_of_work() as uow:
        view = await create_payment(
            uow.session,
            runtime.clock,
            sandbox,
            payment_id="WH1",
            purpose="order",
            reference_id="O1",
            amount_minor=8000,
            currency="VND",
            description="x",
            handlers=LEDGER_TEST_HANDLERS,
        )
    assert view.provider_payment_id is not None
    await sandbox.confirm(view.provider_payment_id)
    body, header = signed(
        event(
            "evt_wh1",
            "payment_intent.succeeded",
            {"id": view.provider_payment_id, "object": "payment_intent"},
        )
    )
    first = await _post(client, body, header)
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "handled"
    again = await _post(client, body, header)
    assert again.json()["status"] == "duplicate"
    async with runtime.unit_of_work() as uow:
        assert await account_balance(uow.session, "assets:psp:sandbox", "VND") == 8000


async def test_bad_or_missing_signature_is_refused(
    client: httpx.AsyncClient, sandbox: SandboxProvider
) -> None:
    body, header = signed(
        event("evt_wh2", "payment_intent.succeeded", {"id": "x", "object": "payment_intent"})
    )
    missing = await _post(client, body, None)
    assert missing.status_code == 400
    assert missing.json()["code"] == "bad_signature"
    assert missing.headers["content-type"].startswith("application/problem+json")
    wrong = await _post(client, body, signed({"other": 1}, "whsec_wrong")[1])
    assert wrong.status_code == 400
    tampered = await _post(client, body.replace(b"evt_wh2", b"evt_wh3"), header)
    assert tampered.status_code == 400


async def test_no_secret_configured_refuses(
    client: httpx.AsyncClient, runtime: Runtime, sandbox: SandboxProvider
) -> None:
    runtime.payments_webhook_secret = None
    body, header = signed(
        event("evt_wh4", "payment_intent.succeeded", {"id": "x", "object": "payment_intent"})
    )
    response = await _post(client, body, header)
    assert response.status_code == 503
    assert response.json()["code"] == "webhook_disabled"


async def test_types_outside_the_allow_list_are_acknowledged_and_dropped(
    client: httpx.AsyncClient, sandbox: SandboxProvider
) -> None:
    body, header = signed(event("evt_wh5", "customer.created", {"id": "cus_1", "object": "customer"}))
    response = await _post(client, body, header)
    assert response.status_code == 200
    assert response.json()["status"] == "ignored"
