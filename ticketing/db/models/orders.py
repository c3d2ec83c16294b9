"""Orders, their lines and issued tickets, wallet top-ups, pay-as-you-go charges and refunds."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ticketing.db.base import Base


class Order(Base):
    __tablename__ = "rider_orders"

    id: Mapped[str] = mapped_column(sa.String(26), primary_key=True)
    rider_id: Mapped[str] = mapped_column(
        sa.String(26), sa.ForeignKey("riders.id", ondelete="RESTRICT"), index=True
    )
    # pending_payment -> paid | failed
    status: Mapped[str] = mapped_column(sa.String(20))
    currency: Mapped[str] = mapped_column(sa.String(3))
    total_minor: Mapped[int] = mapped_column(sa.BigInteger)
    payment_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime]
    paid_at: Mapped[datetime | None]

    __table_args__ = (
        sa.CheckConstraint("status IN ('pending_payment', 'paid', 'failed')", name="status_known"),
        sa.CheckConstraint("total_minor >= 0", name="total_not_negative"),
    )


class OrderLine(Base):
    __tablename__ = "rider_order_lines"

    order_id: Mapped[str] = mapped_column(
        sa.String(26), sa.ForeignKey("rider_orders.id", ondelete="CASCADE"), primary_key=True
    )
    line_no: Mapped[int] = mapped_column(primary_key=True)
    fare_product_id: Mapped[str] = mapped_column(sa.String(64))
    fare_product_name: Mapped[str] = mapped_column(sa.String(255))
    rider_category_id: Mapped[str] = mapped_column(sa.String(64))
    fare_media_id: Mapped[str] = mapped_column(sa.String(64))
    quantity: Mapped[int]
    unit_amount_minor: Mapped[int] = mapped_column(sa.BigInteger)
    validity: Mapped[str] = mapped_column(sa.String(32))

    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("unit_amount_minor >= 0", name="amount_not_negative"),
    )


class RiderTicket(Base):
    """A ticket issued to a rider from an order line (the code is the exact QR payload)."""

    __tablename__ = "rider_tickets"

    ticket_id: Mapped[str] = mapped_column(sa.String(26), primary_key=True)
    rider_id: Mapped[str] = mapped_column(
        sa.String(26), sa.ForeignKey("riders.id", ondelete="RESTRICT"), index=True
    )
    order_id: Mapped[str] = mapped_column(
        sa.String(26), sa.ForeignKey("rider_orders.id", ondelete="RESTRICT"), index=True
    )
    line_no: Mapped[int]
    seq: Mapped[int]
    fare_product_id: Mapped[str] = mapped_column(sa.String(64))
    fare_product_name: Mapped[str] = mapped_column(sa.String(255))
    rider_category_id: Mapped[str] = mapped_column(sa.String(64))
    fare_media_id: Mapped[str] = mapped_column(sa.String(64))
    amount_minor: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3))
    code: Mapped[str] = mapped_column(sa.Text)
    valid_from: Mapped[datetime]
    valid_until: Mapped[datetime | None]
    issued_at: Mapped[datetime]
    refunded_at: Mapped[datetime | None]

    __table_args__ = (
        sa.UniqueConstraint("order_id", "line_no", "seq"),
        sa.Index("ix_rider_tickets_rider_issued", "rider_id", "issued_at"),
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
    ticket_id: Mapped[str] = mapped_column(
        sa.String(26), sa.ForeignKey("rider_tickets.ticket_id", ondelete="RESTRICT"), unique=True
    )
    order_id: Mapped[str] = mapped_column(sa.String(26))
    amount_minor: Mapped[int] = mapped_column(sa.BigInteger)
    fee_minor: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3))
    status: Mapped[str] = mapped_column(sa.String(20))
    reason: Mapped[str] = mapped_column(sa.String(255))
    created_at: Mapped[datetime]

    __table_args__ = (sa.CheckConstraint("status IN ('refunded', 'pending')", name="status_known"),)
