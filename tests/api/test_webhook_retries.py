"""Failed webhook handling is never lost (issue 10, finding 5): the endpoint answers 503 so the
provider delivers again, a redelivery is handled, the worker's upkeep retries with backoff, and
an alert metric counts events that keep failing. The provider is the sandbox behind an outage."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
import sqlalchemy as sa

from gateway.sandbox import SandboxProvider
from tests.ledger_support import LEDGER_TEST_HANDLERS
from tests.money_faults import OutsideFaults, install_faults
from tests.stripe_support import TEST_WEBHOOK_SECRET, event, signed
from ticketing.core.clock import FixedClock
from ticketing.db.models.payments import WebhookInbox
from ticketing.runtime import Runtime
from ticketing.service.housekeeping import run_housekeeping
from ticketing.service.ledger.balances import account_balance
from ticketing.service.payments import create_payment


@pytest.fixture
async def paid_elsewhere(
    runtime: Runtime,
) -> tuple[OutsideFaults, bytes, str]:
    """A payment the rider completed at the provider, its signed event, and the provider down."""
    sandbox = SandboxProvider(runtime.clock)
    runtime.payment_handlers = LEDGER_TEST_HANDLERS
    runtime.payments_webhook_secret = TEST_WEBHOOK_SECRET
    async with runtime.unit_of_work() as uow:
        view = await create_payment(
            uow.session,
            runtime.clock,
            sandbox,
            payment_id="WR1",
            purpose="order",
            reference_id="O1",
            amount_minor=8000,
            currency="VND",
            description="x",
            handlers=runtime.payment_handlers,
        )
    assert view.provider_payment_id is not None
    await sandbox.confirm(view.provider_payment_id)
    faults = install_faults(runtime, sandbox)
    faults.down.add("fetch_payment")
    body, header = signed(
        event(
            "evt_wr1",
            "payment_intent.succeeded",
            {"id": view.provider_payment_id, "object": "payment_intent"},
        )
    )
    return faults, body, header


async def deliver(client: httpx.AsyncClient, body: bytes, header: str) -> httpx.Response:
    return await client.post(
        "/v1/webhooks/stripe",
        content=body,
        headers={"Content-Type": "application/json", "Stripe-Signature": header},
    )


async def inbox(runtime: Runtime) -> WebhookInbox:
    async with runtime.unit_of_work() as uow:
        row = await uow.session.scalar(sa.select(WebhookInbox).where(WebhookInbox.event_id == "evt_wr1"))
        assert row is not None
        return row


async def psp(runtime: Runtime) -> int:
    async with runtime.unit_of_work() as uow:
        return await account_balance(uow.session, "assets:psp:sandbox", "VND")


async def test_failed_event_is_answered_503_and_handled_on_redelivery(
    client: httpx.AsyncClient, runtime: Runtime, paid_elsewhere: tuple[OutsideFaults, bytes, str]
) -> None:
    faults, body, header = paid_elsewhere
    failed = await deliver(client, body, header)
    assert failed.status_code == 503, failed.text
    assert failed.json()["code"] == "webhook_handling_failed"
    assert failed.headers["content-type"].startswith("application/problem+json")
    stored = await inbox(runtime)
    assert (stored.handled_at, stored.attempts) == (None, 1)
    assert stored.last_error is not None
    assert "unavailable" in stored.last_error
    assert await psp(runtime) == 0

    faults.down.clear()
    redelivered = await deliver(client, body, header)
    assert (redelivered.status_code, redelivered.json()["status"]) == (200, "handled")
    assert await psp(runtime) == 8000
    again = await deliver(client, body, header)
    assert again.json()["status"] == "duplicate"
    assert await psp(runtime) == 8000


async def test_upkeep_retries_a_failed_event_after_its_backoff(
    client: httpx.AsyncClient,
    runtime: Runtime,
    clock: FixedClock,
    paid_elsewhere: tuple[OutsideFaults, bytes, str],
) -> None:
    faults, body, header = paid_elsewhere
    assert (await deliver(client, body, header)).status_code == 503
    faults.down.clear()
    early = await run_housekeeping(runtime.unit_of_work, clock, faults, runtime.payment_handlers)
    assert early.webhooks_handled == 0  # still within its 30 s backoff
    clock.advance(timedelta(seconds=31))
    report = await run_housekeeping(runtime.unit_of_work, clock, faults, runtime.payment_handlers)
    assert (report.webhooks_handled, report.webhooks_failing) == (1, 0)
    assert (await inbox(runtime)).outcome == "payment_succeeded"
    assert await psp(runtime) == 8000
    assert (
        await run_housekeeping(runtime.unit_of_work, clock, faults, runtime.payment_handlers)
    ).webhooks_handled == 0


async def test_an_event_that_keeps_failing_raises_the_alert_metric(
    client: httpx.AsyncClient,
    runtime: Runtime,
    clock: FixedClock,
    paid_elsewhere: tuple[OutsideFaults, bytes, str],
) -> None:
    faults, body, header = paid_elsewhere

    async def failing_gauge() -> float:
        text = (await client.get("/metrics")).text
        line = next(x for x in text.splitlines() if x.startswith("vexe_webhook_events_failing "))
        return float(line.split()[1])

    assert (await deliver(client, body, header)).status_code == 503
    for seconds in (31, 61):  # the upkeep retries after each backoff, and fails again
        clock.advance(timedelta(seconds=seconds))
        assert (
            await run_housekeeping(runtime.unit_of_work, clock, faults, runtime.payment_handlers)
        ).webhooks_failing == 1
    assert (await inbox(runtime)).attempts == 3
    assert await failing_gauge() == 1.0
    faults.down.clear()
    assert (await deliver(client, body, header)).status_code == 200
    assert await failing_gauge() == 0.0
