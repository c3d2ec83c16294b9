"""Every delivery order and duplication of a purchase's events yields the same ledger.

The purchase's provider-side story is fixed first (paid, then disputed and lost with a fee); its
events are then delivered in every order, each once and with duplicates, each story with its own
payment. After each delivery sequence the payment's ledger movements must equal the reference.
"""

from __future__ import annotations

import itertools

import pytest

from gateway.sandbox import SandboxProvider
from tests.ledger_support import LEDGER_TEST_HANDLERS, assert_books_balance, movements
from tests.stripe_support import TEST_WEBHOOK_SECRET, event, signed
from ticketing.runtime import Runtime
from ticketing.service.payments import create_payment, handle_webhook


async def _story(
    runtime: Runtime, provider: SandboxProvider, n: int
) -> tuple[str, str, list[dict[str, object]]]:
    payment_id = f"PERM{n:03d}"
    async with runtime.unit_of_work() as uow:
        view = await create_payment(uow.session, runtime.clock, provider, payment_id=payment_id,
                                    purpose="order", reference_id=f"ORD{n}", amount_minor=15000,
                                    currency="VND", description="x",
                                    handlers=LEDGER_TEST_HANDLERS)
    pi = view.provider_payment_id
    assert pi is not None
    paid = await provider.confirm(pi)
    dispute = provider.open_dispute(pi, fee_minor=500)
    provider.close_dispute(dispute.dispute_id, won=False)
    charge = {"id": paid.charge_id, "object": "charge", "payment_intent": pi}
    dp = {"id": dispute.dispute_id, "object": "dispute", "payment_intent": pi}
    events = [
        event(f"evt_{n}_pi", "payment_intent.succeeded", {"id": pi, "object": "payment_intent"}),
        event(f"evt_{n}_ch", "charge.succeeded", charge),
        event(f"evt_{n}_dc", "charge.dispute.created", dp),
        event(f"evt_{n}_dx", "charge.dispute.closed", dp),
    ]
    return payment_id, dispute.dispute_id, events


async def _deliver(runtime: Runtime, provider: SandboxProvider, payload: dict[str, object]) -> None:
    body, header = signed(payload)
    outcome = await handle_webhook(runtime.unit_of_work, runtime.clock, provider, raw_body=body,
                                   signature=header, secret=TEST_WEBHOOK_SECRET,
                                   handlers=LEDGER_TEST_HANDLERS)
    assert outcome.status in ("handled", "duplicate"), outcome


def _every_order_with_a_duplicate() -> list[list[int]]:
    """All 24 orders of the 4 events, each with one event delivered twice at a varying place."""
    sequences = []
    for n, order in enumerate(itertools.permutations(range(4))):
        sequence = list(order)
        sequence.insert(n % 5, order[n % 4])
        sequences.append(sequence)
    return sequences


@pytest.mark.slow
async def test_every_order_and_duplication_gives_the_same_ledger(runtime: Runtime) -> None:
    await _check_sequences(runtime, _every_order_with_a_duplicate())


async def test_sampled_orders_give_the_same_ledger(runtime: Runtime) -> None:
    """The quick run: the reverse, the forward and some interleavings, with duplicates."""
    await _check_sequences(runtime, [[0, 1, 2, 3], [3, 2, 1, 0], [3, 3, 0, 1, 2, 2], [2, 0, 3, 1, 0]])


async def _check_sequences(runtime: Runtime, sequences: list[list[int]]) -> None:
    provider = SandboxProvider(runtime.clock, fee_bps=200)
    reference = None
    for n, sequence in enumerate(sequences):
        payment_id, dispute_id, events = await _story(runtime, provider, n)
        for index in sequence:
            await _deliver(runtime, provider, events[index])
        async with runtime.unit_of_work() as uow:
            moved = await movements(uow.session, payment_id, (dispute_id,))
        if reference is None:
            reference = moved
            codes = {key[0] for key in moved}
            assert {"sale", "psp_fee", "dispute_reversal", "dispute_fee"} <= codes, moved
        assert moved == reference, (sequence, moved)
    async with runtime.unit_of_work() as uow:
        await assert_books_balance(uow.session)


async def test_payout_paid_then_failed(runtime: Runtime) -> None:
    from ticketing.service.ledger.balances import account_balance

    provider = SandboxProvider(runtime.clock)
    payout = provider.make_payout(50000, "VND")
    paid = event("evt_po_paid", "payout.paid", {"id": payout.payout_id, "object": "payout"})
    await _deliver(runtime, provider, paid)
    await _deliver(runtime, provider, paid)
    async with runtime.unit_of_work() as uow:
        assert await account_balance(uow.session, "assets:bank", "VND") == 50000
        assert await account_balance(uow.session, "assets:psp:sandbox", "VND") == -50000
    provider.fail_payout(payout.payout_id)
    await _deliver(runtime, provider, event("evt_po_failed", "payout.failed",
                                            {"id": payout.payout_id, "object": "payout"}))
    async with runtime.unit_of_work() as uow:
        assert await account_balance(uow.session, "assets:bank", "VND") == 0
        assert await account_balance(uow.session, "assets:psp:sandbox", "VND") == 0
        await assert_books_balance(uow.session)
