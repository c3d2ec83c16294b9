"""Webhook intake: verify, store once in the inbox, commit, then apply the re-fetched object.

``handle_webhook`` takes a unit-of-work factory because it needs two transactions: the inbox row
is committed first (so a duplicate delivery is recognised however the processing ends), and the
effects run after that commit in their own transaction that also stamps ``handled_at``.

Handling that fails is never dropped: the failure is recorded on the inbox row (``attempts``,
``last_error``, ``next_attempt_at`` with exponential backoff) and the endpoint answers 503 so the
provider delivers again; the worker's upkeep (:func:`retry_failed_events`) re-runs rows whose
time has come, and :func:`count_failing_events` feeds the alert metric.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.port import PaymentProvider, ProviderError, WebhookEvent
from gateway.stripe_events import WebhookRejected, is_allowed, verify_and_parse
from ticketing.core.clock import Clock
from ticketing.core.errors import DomainError, Rejected, Unavailable
from ticketing.db.models.payments import WebhookInbox
from ticketing.db.uow import UnitOfWorkFactory
from ticketing.service.ledger.sql import execute_count, table_of, upsert_insert
from ticketing.service.payments.event_effects import Fetched, apply_event, fetch_for_event
from ticketing.service.payments.handlers import PaymentHandlers

log = logging.getLogger("vexe.payments.webhooks")
_inbox = table_of(WebhookInbox)

RETRY_BASE = timedelta(seconds=30)
RETRY_MAX = timedelta(hours=6)
RETRY_BATCH = 100
# An event whose handling failed this many times is reported by the alert metric.
ALERT_ATTEMPTS = 3


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, ... doubling up to 6 h between attempts."""
    delay: timedelta = RETRY_BASE * (2 ** max(0, min(attempts - 1, 20)))
    return min(delay, RETRY_MAX)


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
    handlers: PaymentHandlers, fetched: Fetched | None = None,
) -> str | None:
    """Apply one stored event unless it was handled; returns the outcome (None if already done).
    Without ``fetched`` the provider is asked here, inside the caller's transaction: use
    :func:`attempt_event`, which fetches first, wherever a transaction is not already open."""
    row = await session.scalar(sa.select(WebhookInbox).where(
        WebhookInbox.provider == provider.name, WebhookInbox.event_id == event_id,
    ).with_for_update().execution_options(populate_existing=True))
    if row is None or row.handled_at is not None:
        return None
    if fetched is None:
        fetched = await fetch_for_event(provider, row.event_type, row.object_id, row.payload)
    outcome = await apply_event(session, clock, provider, row.event_type, fetched, handlers)
    row.handled_at = clock.now()
    row.outcome = outcome
    await session.flush()
    return outcome


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
        await store_event(uow.session, clock, provider.name, event)
    try:
        outcome = await attempt_event(unit_of_work, clock, provider, event.event_id, handlers)
    except (ProviderError, DomainError) as exc:
        return WebhookOutcome(event.event_id, event.type, "failed", _error_text(exc))
    status = "handled" if outcome is not None else "duplicate"
    return WebhookOutcome(event.event_id, event.type, status, outcome)


def _error_text(exc: Exception) -> str:
    code = getattr(exc, "code", type(exc).__name__)
    return f"{code}: {exc}"[:255]


async def attempt_event(
    unit_of_work: UnitOfWorkFactory, clock: Clock, provider: PaymentProvider, event_id: str,
    handlers: PaymentHandlers,
) -> str | None:
    """Handle one stored event in its own transaction. On failure the attempt is recorded (with
    the next retry time) in another transaction and the error is raised again."""
    try:
        async with unit_of_work() as uow:  # read the stored event; no lock kept
            row = await uow.session.scalar(sa.select(WebhookInbox).where(
                WebhookInbox.provider == provider.name, WebhookInbox.event_id == event_id))
            if row is None or row.handled_at is not None:
                return None
            event_type, object_id, payload = row.event_type, row.object_id, dict(row.payload)
        fetched = await fetch_for_event(provider, event_type, object_id, payload)  # no transaction
        async with unit_of_work() as uow:
            return await process_event(uow.session, clock, provider, event_id, handlers, fetched)
    except (ProviderError, DomainError) as exc:
        log.warning("webhook %s not applied: %s", event_id, exc)
        async with unit_of_work() as uow:
            await _record_failure(uow.session, clock, provider.name, event_id, _error_text(exc))
        raise


async def _record_failure(
    session: AsyncSession, clock: Clock, provider: str, event_id: str, error: str
) -> None:
    row = await session.scalar(sa.select(WebhookInbox).where(
        WebhookInbox.provider == provider, WebhookInbox.event_id == event_id,
    ).with_for_update())
    if row is None or row.handled_at is not None:
        return
    row.attempts = (row.attempts or 0) + 1
    row.last_error = error
    row.next_attempt_at = clock.now() + retry_delay(row.attempts)
    await session.flush()


async def retry_failed_events(
    unit_of_work: UnitOfWorkFactory, clock: Clock, provider: PaymentProvider,
    handlers: PaymentHandlers, *, limit: int = RETRY_BATCH,
) -> tuple[int, int]:
    """The upkeep's pass over the inbox: re-run unhandled events whose retry time has come (or
    that were stored but never attempted, e.g. the process died after storing). Returns
    (handled, still failing)."""
    now = clock.now()
    w = WebhookInbox
    async with unit_of_work() as uow:
        due = (await uow.session.execute(sa.select(w.event_id).where(
            w.provider == provider.name, w.handled_at.is_(None),
            sa.or_(w.next_attempt_at <= now,
                   sa.and_(w.next_attempt_at.is_(None), w.received_at < now - RETRY_BASE)),
        ).order_by(w.received_at).limit(limit))).scalars().all()
    handled = failing = 0
    for event_id in due:
        try:
            await attempt_event(unit_of_work, clock, provider, event_id, handlers)
            handled += 1
        except (ProviderError, DomainError):
            failing += 1
    return handled, failing


async def count_failing_events(session: AsyncSession, *, min_attempts: int = ALERT_ATTEMPTS) -> int:
    """Unhandled events whose handling failed at least ``min_attempts`` times (the alert)."""
    w = WebhookInbox
    return int(await session.scalar(sa.select(sa.func.count()).select_from(w).where(
        w.handled_at.is_(None), w.attempts >= min_attempts)) or 0)
