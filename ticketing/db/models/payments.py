"""Payments with a provider, their refunds, and the webhook inbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ticketing.db.base import Base


class Payment(Base):
    __tablename__ = "payments"

    payment_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    purpose: Mapped[str] = mapped_column(sa.String(16))
    reference_id: Mapped[str] = mapped_column(sa.String(128), index=True)
    provider: Mapped[str] = mapped_column(sa.String(32))
    provider_payment_id: Mapped[str | None] = mapped_column(sa.String(128), unique=True)
    provider_charge_id: Mapped[str | None] = mapped_column(sa.String(128), index=True)
    client_secret: Mapped[str | None] = mapped_column(sa.String(255))
    amount_minor: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3))
    description: Mapped[str] = mapped_column(sa.String(255))
    status: Mapped[str] = mapped_column(sa.String(24))
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime]
    succeeded_at: Mapped[datetime | None]

    __table_args__ = (
        sa.CheckConstraint("purpose IN ('order', 'wallet_topup')", name="purpose_known"),
        sa.CheckConstraint("amount_minor > 0", name="amount_positive"),
    )


class PaymentRefund(Base):
    __tablename__ = "payment_refunds"

    refund_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    payment_id: Mapped[str] = mapped_column(sa.ForeignKey("payments.payment_id"), index=True)
    ticket_id: Mapped[str | None] = mapped_column(sa.String(64))
    amount_minor: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3))
    provider_refund_id: Mapped[str | None] = mapped_column(sa.String(128), unique=True)
    status: Mapped[str] = mapped_column(sa.String(24))
    created_at: Mapped[datetime]

    __table_args__ = (sa.CheckConstraint("amount_minor > 0", name="amount_positive"),)


class WebhookInbox(Base):
    __tablename__ = "webhook_inbox"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    provider: Mapped[str] = mapped_column(sa.String(32))
    event_id: Mapped[str] = mapped_column(sa.String(128))
    event_type: Mapped[str] = mapped_column(sa.String(64))
    object_id: Mapped[str] = mapped_column(sa.String(128))
    payload: Mapped[dict[str, Any]]
    received_at: Mapped[datetime]
    handled_at: Mapped[datetime | None] = mapped_column(index=True)
    outcome: Mapped[str | None] = mapped_column(sa.String(64))
    # Handling that failed: how often, when to try again (backoff), and why it last failed.
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(sa.String(255))

    __table_args__ = (sa.UniqueConstraint("provider", "event_id"),)
