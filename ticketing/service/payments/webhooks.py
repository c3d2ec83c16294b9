"""Webhook intake: verify, store once in the inbox, commit, then apply the re-fetched object.

``handle_webhook`` takes a unit-of-work factory because it needs two transactions: the inbox row
is committed first (so a duplicate delivery is recognised however the processing ends), and the
effects run after that commit in their own transaction that also stamps ``handled_at``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.port import PaymentProvider, ProviderError, WebhookEvent
from gateway.stripe_events import WebhookRejected, is_allowed, verify_and_parse
from ticketing.core.clock import Clock
from ticketing.core.errors import DomainError, Rejected, Unavailable
from ticketing.db.models.payments import Payment, WebhookInbox
from ticketing.db.uow import UnitOfWorkFactory
from ticketing.service.ledger.sql import execute_count, table_of, upsert_insert
from ticketing.service.payments.disputes import apply_lost_dispute, apply_payout
from ticketing.service.payments.handlers import PaymentHandlers
from ticketing.service.payments.payments import apply_provider_state
from ticketing.service.payments.view import PaymentView

log = logging.getLogger("vexe.payments.webhooks")
_inbox = table_of(WebhookInbox)


@dataclass(frozen=True, slots=True)
class WebhookOutcome:
    event_id: str
    event_type: str
    status: str  # ignored | handled | duplicate | failed
    outcome: str | None


def verify(raw_body: bytes, signature: str | None, secret: str | None) -> WebhookEvent:
    try:
        return verify_and_parse(raw_body, signature, secret)
    except WebhookRejected as exc:
        if exc.code == "webhook_disabled":
            raise Unavailable("webhook_disabled", exc.detail) from None
        raise Rejected(exc.code, exc.detail) from None


async def store_event(session: AsyncSession, clock: Clock, provider: str, event: WebhookEvent) -> bool:
    """Insert into the inbox; False when this (provider, event id) was already there."""
    added = await execute_count(session, upsert_insert(session, _inbox).values(
        provider=provider, event_id=event.event_id, event_type=event.type, object_id=event.object_id,
        payload=event.payload, received_at=clock.now(), handled_at=None, outcome=None,
    ).on_conflict_do_nothing(index_elements=["provider", "event_id"]))
    return added > 0


async def process_event(
    session: AsyncSession, clock: Clock, provider: PaymentProvider, event_id: str,
    handlers: PaymentHandlers,
) -> str | None:
    """Apply one stored event unless it was handled; returns the outcome (None if already done)."""
    row = await session.scalar(sa.select(WebhookInbox).where(
        WebhookInbox.provider == provider.name, WebhookInbox.event_id == event_id,
    ).with_for_update().execution_options(populate_existing=True))
    if row is None or row.handled_at is not None:
        return None
    outcome = await _apply(session, clock, provider, row.event_type, row.object_id, row.payload,
                           handlers)
    row.handled_at = clock.now()
    row.outcome = outcome
    await session.flush()
    return outcome


def _payment_intent_of(event_type: str, object_id: str, payload: dict[str, Any]) -> str | None:
    if event_type.startswith("payment_intent."):
        return object_id
    data = payload.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    value = obj.get("payment_intent") if isinstance(obj, dict) else None
    return value if isinstance(value, str) else None


async def _sync_by_provider_id(
    session: AsyncSession, clock: Clock, provider: PaymentProvider, provider_payment_id: str | None,
    handlers: PaymentHandlers,
) -> str:
    if provider_payment_id is None:
        return "no_payment_intent"
    row = await session.scalar(sa.select(Payment).where(
        Payment.provider == provider.name, Payment.provider_payment_id == provider_payment_id))
    if row is None:
        return "unknown_payment"
    fetched = await provider.fetch_payment(provider_payment_id)
    view = await apply_provider_state(session, clock, provider, row, fetched, handlers)
    return f"payment_{view.status}"


async def _apply(
    session: AsyncSession, clock: Clock, provider: PaymentProvider, event_type: str, object_id: str,
    payload: dict[str, Any], handlers: PaymentHandlers,
) -> str:
    if event_type.startswith(("payment_intent.", "charge.succeeded", "charge.refunded")):
        return await _sync_by_provider_id(
            session, clock, provider, _payment_intent_of(event_type, object_id, payload), handlers)
    if event_type == "charge.dispute.created":
        return "dispute_opened"
    if event_type == "charge.dispute.closed":
        dispute = await provider.fetch_dispute(object_id)
        if dispute.status != "lost":
            return f"dispute_{dispute.status}"
        synced = await _sync_by_provider_id(
            session, clock, provider, dispute.provider_payment_id, handlers)
        if synced != "payment_succeeded":
            return f"dispute_lost_{synced}"
        row = await session.scalar(sa.select(Payment).where(
            Payment.provider == provider.name, Payment.provider_payment_id == dispute.provider_payment_id))
        assert row is not None
        await apply_lost_dispute(session, clock, PaymentView.of(row), dispute)
        return "dispute_lost_reversed"
    if event_type.startswith("payout."):
        payout = await provider.fetch_payout(object_id)
        return await apply_payout(session, clock, provider.name, payout)
    return "ignored_type"


async def handle_webhook(
    unit_of_work: UnitOfWorkFactory, clock: Clock, provider: PaymentProvider, *, raw_body: bytes,
    signature: str | None, secret: str | None, handlers: PaymentHandlers,
) -> WebhookOutcome:
    """The whole intake for ``POST /v1/webhooks/stripe``. Raises for a bad or missing signature
    (Rejected ``bad_signature``) or a missing secret (Unavailable ``webhook_disabled``)."""
    event = verify(raw_body, signature, secret)
    if not is_allowed(event.type):
        return WebhookOutcome(event.event_id, event.type, "ignored", None)
    async with unit_of_work() as uow:
        new = await store_event(uow.session, clock, provider.name, event)
    try:
        async with unit_of_work() as uow:
            outcome = await process_event(uow.session, clock, provider, event.event_id, handlers)
    except (ProviderError, DomainError) as exc:
        log.warning("webhook %s (%s) not applied: %s", event.event_id, event.type, exc)
        return WebhookOutcome(event.event_id, event.type, "failed", str(exc))
    status = "handled" if outcome is not None else "duplicate"
    if not new and outcome is not None:
        status = "handled"
    return WebhookOutcome(event.event_id, event.type, status, outcome)
