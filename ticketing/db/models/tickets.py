"""Signed tickets, their lifecycle events, issuer keys, rider phone keys, deny-list and QR cache."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ticketing.db.base import Base

TICKET_STATUSES = ("issued", "active", "used", "expired", "refunded", "revoked")


class Ticket(Base):
    __tablename__ = "tickets"

    ticket_id: Mapped[str] = mapped_column(sa.String(12), primary_key=True)
    code: Mapped[str] = mapped_column(sa.Text)
    kid: Mapped[str] = mapped_column(sa.String(16))
    kind: Mapped[str] = mapped_column(sa.String(8))
    fare_product_id: Mapped[str] = mapped_column(sa.String(64))
    rider_category_id: Mapped[str] = mapped_column(sa.String(64))
    fare_media_id: Mapped[str | None] = mapped_column(sa.String(64))
    amount_minor: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3))
    valid_from: Mapped[datetime]
    valid_until: Mapped[datetime]
    rides_allowed: Mapped[int | None]
    activation_days: Mapped[int | None]
    status: Mapped[str] = mapped_column(sa.String(12))
    holder_id: Mapped[str | None] = mapped_column(sa.String(40), index=True)
    order_id: Mapped[str | None] = mapped_column(sa.String(40), index=True)
    device_key_id: Mapped[str | None] = mapped_column(sa.String(40))
    issued_at: Mapped[datetime]
    issued_by: Mapped[str] = mapped_column(sa.String(120))
    first_used_at: Mapped[datetime | None]
    first_tap_id: Mapped[str | None] = mapped_column(sa.String(40))
    status_changed_at: Mapped[datetime]

    __table_args__ = (
        sa.CheckConstraint(
            "status IN ('issued', 'active', 'used', 'expired', 'refunded', 'revoked')", name="status_known"
        ),
        sa.CheckConstraint("kind IN ('single', 'pass')", name="kind_known"),
        sa.CheckConstraint("amount_minor >= 0", name="amount_not_negative"),
        sa.CheckConstraint("valid_until > valid_from", name="window_ordered"),
    )


class TicketEvent(Base):
    """Every status change: who, when, why (append-only)."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[str] = mapped_column(sa.String(12), sa.ForeignKey("tickets.ticket_id"), index=True)
    at: Mapped[datetime]
    from_status: Mapped[str | None] = mapped_column(sa.String(12))
    to_status: Mapped[str] = mapped_column(sa.String(12))
    actor: Mapped[str] = mapped_column(sa.String(120))
    reason: Mapped[str] = mapped_column(sa.String(500))
    tap_id: Mapped[str | None] = mapped_column(sa.String(40))


class IssuerKeyRow(Base):
    __tablename__ = "ticket_issuer_keys"

    kid: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    public_key: Mapped[str] = mapped_column(sa.String(64))  # base64url of the raw Ed25519 key
    # "db": AES-GCM ciphertext in private_key_enc; "file": PEM (0600) under the data dir (dev only)
    storage: Mapped[str] = mapped_column(sa.String(8))
    private_key_enc: Mapped[str | None] = mapped_column(sa.Text)
    not_before: Mapped[datetime]
    not_after: Mapped[datetime]
    retired_at: Mapped[datetime | None]
    retired_reason: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(sa.String(120))

    __table_args__ = (
        sa.CheckConstraint("storage IN ('db', 'file')", name="storage_known"),
        sa.CheckConstraint("(storage = 'db') = (private_key_enc IS NOT NULL)", name="storage_consistent"),
        sa.CheckConstraint("not_after > not_before", name="window_ordered"),
    )


class DeviceKeyRow(Base):
    """A rider phone's P-256 public key that device-bound tickets name by thumbprint."""

    __tablename__ = "ticket_device_keys"

    device_key_id: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    holder_id: Mapped[str | None] = mapped_column(sa.String(40), index=True)
    thumbprint: Mapped[str] = mapped_column(sa.String(16), unique=True)
    public_jwk: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class DenylistEntry(Base):
    __tablename__ = "ticket_denylist"

    ticket_id: Mapped[str] = mapped_column(sa.String(12), primary_key=True)
    added_version: Mapped[int] = mapped_column(sa.BigInteger)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    reason: Mapped[str] = mapped_column(sa.String(500))
    actor: Mapped[str] = mapped_column(sa.String(120))
    added_at: Mapped[datetime]
    # Set on a supersede entry: only the code of this exact window is admitted (older codes of the
    # ticket are refused); null on a full deny (refund, revocation). Both or neither.
    current_valid_from: Mapped[datetime | None]
    current_valid_until: Mapped[datetime | None]


class DenylistChange(Base):
    """The deny-list's history: one row per add or removal, numbered by deny-list version."""

    __tablename__ = "ticket_denylist_changes"

    version: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    ticket_id: Mapped[str] = mapped_column(sa.String(12))
    op: Mapped[str] = mapped_column(sa.String(8))
    expires_at: Mapped[datetime | None]
    at: Mapped[datetime]
    current_valid_from: Mapped[datetime | None]
    current_valid_until: Mapped[datetime | None]

    __table_args__ = (sa.CheckConstraint("op IN ('add', 'remove')", name="op_known"),)


class DenylistState(Base):
    """One row holding the current deny-list version; writers lock it, so versions follow commits."""

    __tablename__ = "ticket_denylist_state"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(sa.BigInteger)


class TicketQrImage(Base):
    """A ticket's QR image, rendered once (activating a pass re-signs it and deletes these rows)."""

    __tablename__ = "ticket_qr_images"

    ticket_id: Mapped[str] = mapped_column(
        sa.String(12), sa.ForeignKey("tickets.ticket_id"), primary_key=True
    )
    fmt: Mapped[str] = mapped_column(sa.String(4), primary_key=True)
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime]
