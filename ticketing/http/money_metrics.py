"""Alert metrics for money that did not move as it should, read from the database at scrape time.

The state lives in the database (the webhook inbox, pending refunds), so every API replica reports
the same numbers whichever process failed: alert on
``vexe_webhook_events_failing > 0`` (events whose handling failed at least three times) and on
``vexe_refunds_pending_stale > 0`` (refunds the provider has not confirmed within an hour).
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from prometheus_client import CollectorRegistry, Gauge

from ticketing.db.engine import READ_ONLY
from ticketing.db.models.payments import PaymentRefund
from ticketing.runtime import Runtime
from ticketing.service.payments.webhooks import ALERT_ATTEMPTS, count_failing_events

STALE_REFUND = timedelta(hours=1)


class MoneyMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.webhooks_failing = Gauge(
            "vexe_webhook_events_failing",
            f"Provider events stored but not applied after {ALERT_ATTEMPTS} or more attempts",
            registry=registry,
        )
        self.refunds_stale = Gauge(
            "vexe_refunds_pending_stale",
            "Refunds recorded but not confirmed by the provider for over an hour",
            registry=registry,
        )

    async def refresh(self, runtime: Runtime) -> None:
        async with runtime.sessions() as session:
            await session.connection(execution_options=READ_ONLY)
            self.webhooks_failing.set(await count_failing_events(session))
            cutoff = runtime.clock.now() - STALE_REFUND
            stale = await session.scalar(sa.select(sa.func.count()).select_from(PaymentRefund).where(
                PaymentRefund.status == "pending", PaymentRefund.created_at < cutoff))
            self.refunds_stale.set(int(stale or 0))
