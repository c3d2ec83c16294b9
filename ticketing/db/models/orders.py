"""Orders, their lines and issued tickets, wallet top-ups, pay-as-you-go charges and refunds."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ticketing.db.base import Base


class Order(Base):
    __tablename__ = "rider_orders"

    id: Mapped[str] = mapped_column(sa.String(26), primary_key=True)
    rider_id: Mapped[str] = mapped_column(
        sa.String(26), sa.ForeignKey("riders.id", ondelete="RESTRICT"), index=True
    )
    # pending_payment -> paid | failed | expired; failed/expired -> paid (a late success wins)
    status: Mapped[str] = mapped_column(sa.String(20))
    currency: Mapped[str] = mapped_column(sa.String(3))
    total_minor: Mapped[int] = mapped_column(sa.BigInteger)
    payment_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime]
    paid_at: Mapped[datetime | None]
    # The provider's code for the failed payment (e.g. card_declined); None unless failed/expired.
    failure_code: Mapped[str | None] = mapped_column(sa.String(64))

    __table_args__ = (
        sa.CheckConstraint(
            "status IN ('pending_payment', 'paid', 'failed', 'expired')", name="status_known"
        ),
        sa.CheckConstraint("total_minor >= 0", name="total_not_negative"),
        sa.Index("ix_rider_orders_status_created_at", "status", "created_at"),
    )


class OrderLine(Base):
    __tablename__ = "rider_order_lines"

    order_id: Mapped[str] = mapped_column(
        sa.String(26), sa.ForeignKey("rider_orders.id", ondelete="CASCADE"), primary_key=True
    )
    line_no: Mapped[int] = mapped_column(primary_key=True)
    fare_product_id: Mapped[str] = mapped_column(sa.String(64))
    fare_product_name: Mapped[str] = mapped_column(sa.String(255))
    # English name (null on lines sold before names were kept in both languages).
    fare_product_name_en: Mapped[str | None] = mapped_column(sa.String(255))
    rider_category_id: Mapped[str] = mapped_column(sa.String(64))
    fare_media_id: Mapped[str] = mapped_column(sa.String(64))
    quantity: Mapped[int]
    unit_amount_minor: Mapped[int] = mapped_column(sa.BigInteger)
    validity: Mapped[str] = mapped_column(sa.String(32))
    # The rider's registered phone key the tickets are bound to (device-bound presentation).
    device_key_id: Mapped[str | None] = mapped_column(sa.String(40))

    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("unit_amount_minor >= 0", name="amount_not_negative"),
    )


class WalletTopup(Base):
    __tablename__ = "rider_wallet_topups"

    id: Mapped[str] = mapped_column(sa.String(26), primary_key=True)
    rider_id: Mapped[str] = mapped_column(
        sa.String(26), sa.ForeignKey("riders.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(20))
    amount_minor: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3))
    payment_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime]
    credited_at: Mapped[datetime | None]
    failure_code: Mapped[str | None] = mapped_column(sa.String(64))

    __table_args__ = (
        sa.CheckConstraint("status IN ('pending_payment', 'credited', 'failed')", name="status_known"),
        sa.CheckConstraint("amount_minor > 0", name="amount_positive"),
    )


class Refund(Base):
    __tablename__ = "rider_refunds"

    id: Mapped[str] = mapped_column(sa.String(26), primary_key=True)
    rider_id: Mapped[str] = mapped_column(
        sa.String(26), sa.ForeignKey("riders.id", ondelete="RESTRICT"), index=True
    )
    # The ticket service's ticket (tickets.ticket_id; no cross-area foreign key).
    ticket_id: Mapped[str] = mapped_column(sa.String(12), unique=True)
    order_id: Mapped[str] = mapped_column(sa.String(26))
    amount_minor: Mapped[int] = mapped_column(sa.BigInteger)
    fee_minor: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3))
    status: Mapped[str] = mapped_column(sa.String(20))
    reason: Mapped[str] = mapped_column(sa.String(255))
    created_at: Mapped[datetime]

    __table_args__ = (sa.CheckConstraint("status IN ('refunded', 'pending')", name="status_known"),)


class WalletCharge(Base):
    """A pay-as-you-go journey priced on the server and paid from the rider's wallet."""

    __tablename__ = "rider_wallet_charges"

    id: Mapped[str] = mapped_column(sa.String(26), primary_key=True)
    rider_id: Mapped[str] = mapped_column(
        sa.String(26), sa.ForeignKey("riders.id", ondelete="RESTRICT"), index=True
    )
    # What was priced (a journey id or the tap id of its entry): one charge per journey.
    journey_ref: Mapped[str] = mapped_column(sa.String(64), unique=True)
    operator_id: Mapped[str] = mapped_column(sa.String(64))
    network_id: Mapped[str | None] = mapped_column(sa.String(64))
    leg_group_id: Mapped[str | None] = mapped_column(sa.String(64))
    fare_product_id: Mapped[str | None] = mapped_column(sa.String(64))
    base_minor: Mapped[int] = mapped_column(sa.BigInteger)
    charged_minor: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3))
    cap_ids: Mapped[str] = mapped_column(sa.String(255))
    explanation: Mapped[dict[str, Any]]
    travelled_at: Mapped[datetime]
    created_at: Mapped[datetime]
    # "paid" from the wallet, or "owed" (the wallet was short: rider debt, settled by a top-up).
    status: Mapped[str] = mapped_column(sa.String(8), server_default="paid")
    # Charged the policy fare of an entry without its exit (re-priced down if the exit arrives).
    incomplete: Mapped[bool] = mapped_column(sa.Boolean, server_default=sa.false())

    __table_args__ = (
        sa.CheckConstraint("charged_minor >= 0 AND charged_minor <= base_minor", name="charge_in_range"),
        sa.CheckConstraint("status IN ('paid', 'owed')", name="status_known"),
        sa.Index("ix_rider_wallet_charges_rider_id_status", "rider_id", "status"),
    )
