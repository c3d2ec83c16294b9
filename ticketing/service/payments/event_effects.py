"""What a provider event does: fetch the money-moving object (no transaction open), then apply it.

Events are hints: the object they name is re-fetched from the provider before anything moves.
The fetch happens before the applying transaction opens, so a slow provider holds no database
lock (on SQLite, no ``BEGIN IMMEDIATE`` write lock).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.port import PaymentProvider, ProviderDispute, ProviderPayment, ProviderPayout
from ticketing.core.clock import Clock
from ticketing.db.models.payments import Payment
from ticketing.service.payments.disputes import apply_lost_dispute, apply_payout
from ticketing.service.payments.handlers import PaymentHandlers
from ticketing.service.payments.payments import apply_provider_state
from ticketing.service.payments.view import PaymentView


@dataclass(frozen=True, slots=True)
class Fetched:
    payment: ProviderPayment | None = None
    fee_minor: int = 0
    dispute: ProviderDispute | None = None
    payout: ProviderPayout | None = None


def _payment_intent_of(event_type: str, object_id: str, payload: dict[str, Any]) -> str | None:
    if event_type.startswith("payment_intent."):
        return object_id
    data = payload.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    value = obj.get("payment_intent") if isinstance(obj, dict) else None
    return value if isinstance(value, str) else None


def _is_payment_event(event_type: str) -> bool:
    return event_type.startswith(("payment_intent.", "charge.succeeded", "charge.refunded"))


async def _payment(provider: PaymentProvider, provider_payment_id: str) -> Fetched:
    payment = await provider.fetch_payment(provider_payment_id)
    fee = await provider.fee_for(provider_payment_id) if payment.status == "succeeded" else 0
    return Fetched(payment=payment, fee_minor=fee)


async def fetch_for_event(
    provider: PaymentProvider, event_type: str, object_id: str, payload: dict[str, Any]
) -> Fetched:
    """Provider calls only; call with no database transaction open. Raises ProviderError."""
    if _is_payment_event(event_type):
        pid = _payment_intent_of(event_type, object_id, payload)
        return await _payment(provider, pid) if pid is not None else Fetched()
    if event_type == "charge.dispute.closed":
        dispute = await provider.fetch_dispute(object_id)
        if dispute.status != "lost":
            return Fetched(dispute=dispute)
        fetched = await _payment(provider, dispute.provider_payment_id)
        return Fetched(payment=fetched.payment, fee_minor=fetched.fee_minor, dispute=dispute)
    if event_type.startswith("payout."):
        return Fetched(payout=await provider.fetch_payout(object_id))
    return Fetched()


async def _sync(
    session: AsyncSession, clock: Clock, provider: PaymentProvider, fetched: Fetched,
    handlers: PaymentHandlers,
) -> tuple[str, Payment | None]:
    if fetched.payment is None:
        return "no_payment_intent", None
    pid = fetched.payment.provider_payment_id
    row = await session.scalar(sa.select(Payment).where(
        Payment.provider == provider.name, Payment.provider_payment_id == pid))
    if row is None:
        return "unknown_payment", None
    view = await apply_provider_state(session, clock, provider, row, fetched.payment, handlers,
                                      fee_minor=fetched.fee_minor)
    return f"payment_{view.status}", row


async def apply_event(
    session: AsyncSession, clock: Clock, provider: PaymentProvider, event_type: str, fetched: Fetched,
    handlers: PaymentHandlers,
) -> str:
    """Apply the fetched objects in the caller's transaction; returns the outcome."""
    if _is_payment_event(event_type):
        return (await _sync(session, clock, provider, fetched, handlers))[0]
    if event_type == "charge.dispute.created":
        return "dispute_opened"
    if event_type == "charge.dispute.closed" and fetched.dispute is not None:
        if fetched.dispute.status != "lost":
            return f"dispute_{fetched.dispute.status}"
        synced, row = await _sync(session, clock, provider, fetched, handlers)
        if synced != "payment_succeeded" or row is None:
            return f"dispute_lost_{synced}"
        await apply_lost_dispute(session, clock, PaymentView.of(row), fetched.dispute)
        return "dispute_lost_reversed"
    if event_type.startswith("payout.") and fetched.payout is not None:
        return await apply_payout(session, clock, provider.name, fetched.payout)
    return "ignored_type"
