"""tickets: tickets and their events, issuer keys, rider phone keys, deny-list, QR image cache

Revision ID: tickets_0001
Revises: 0001_foundation
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ticketing.db.base import UTCDateTime

revision: str = "tickets_0001"
down_revision: str | Sequence[str] | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = ("tickets",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tickets",
        sa.Column("ticket_id", sa.String(12), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("kid", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("fare_product_id", sa.String(64), nullable=False),
        sa.Column("rider_category_id", sa.String(64), nullable=False),
        sa.Column("fare_media_id", sa.String(64), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("valid_from", UTCDateTime(), nullable=False),
        sa.Column("valid_until", UTCDateTime(), nullable=False),
        sa.Column("rides_allowed", sa.Integer(), nullable=True),
        sa.Column("activation_days", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("holder_id", sa.String(40), nullable=True),
        sa.Column("order_id", sa.String(40), nullable=True),
        sa.Column("device_key_id", sa.String(40), nullable=True),
        sa.Column("issued_at", UTCDateTime(), nullable=False),
        sa.Column("issued_by", sa.String(120), nullable=False),
        sa.Column("first_used_at", UTCDateTime(), nullable=True),
        sa.Column("first_tap_id", sa.String(40), nullable=True),
        sa.Column("status_changed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("ticket_id", name=op.f("pk_tickets")),
        sa.CheckConstraint(
            "status IN ('issued', 'active', 'used', 'expired', 'refunded', 'revoked')",
            name=op.f("ck_tickets_status_known"),
        ),
        sa.CheckConstraint("kind IN ('single', 'pass')", name=op.f("ck_tickets_kind_known")),
        sa.CheckConstraint("amount_minor >= 0", name=op.f("ck_tickets_amount_not_negative")),
        sa.CheckConstraint("valid_until > valid_from", name=op.f("ck_tickets_window_ordered")),
    )
    op.create_index(op.f("ix_tickets_holder_id"), "tickets", ["holder_id"])
    op.create_index(op.f("ix_tickets_order_id"), "tickets", ["order_id"])
    op.create_table(
        "ticket_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ticket_id", sa.String(12), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("from_status", sa.String(12), nullable=True),
        sa.Column("to_status", sa.String(12), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("tap_id", sa.String(40), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_events")),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.ticket_id"], name=op.f("fk_ticket_events_ticket_id_tickets")
        ),
    )
    op.create_index(op.f("ix_ticket_events_ticket_id"), "ticket_events", ["ticket_id"])
    op.create_table(
        "ticket_issuer_keys",
        sa.Column("kid", sa.String(16), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("storage", sa.String(8), nullable=False),
        sa.Column("private_key_enc", sa.Text(), nullable=True),
        sa.Column("not_before", UTCDateTime(), nullable=False),
        sa.Column("not_after", UTCDateTime(), nullable=False),
        sa.Column("retired_at", UTCDateTime(), nullable=True),
        sa.Column("retired_reason", sa.String(500), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("kid", name=op.f("pk_ticket_issuer_keys")),
        sa.CheckConstraint("storage IN ('db', 'file')", name=op.f("ck_ticket_issuer_keys_storage_known")),
        sa.CheckConstraint(
            "(storage = 'db') = (private_key_enc IS NOT NULL)",
            name=op.f("ck_ticket_issuer_keys_storage_consistent"),
        ),
        sa.CheckConstraint("not_after > not_before", name=op.f("ck_ticket_issuer_keys_window_ordered")),
    )
    op.create_table(
        "ticket_device_keys",
        sa.Column("device_key_id", sa.String(40), nullable=False),
        sa.Column("holder_id", sa.String(40), nullable=True),
        sa.Column("thumbprint", sa.String(16), nullable=False),
        sa.Column("public_jwk", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("device_key_id", name=op.f("pk_ticket_device_keys")),
        sa.UniqueConstraint("thumbprint", name=op.f("uq_ticket_device_keys_thumbprint")),
    )
    op.create_index(op.f("ix_ticket_device_keys_holder_id"), "ticket_device_keys", ["holder_id"])
    op.create_table(
        "ticket_denylist",
        sa.Column("ticket_id", sa.String(12), nullable=False),
        sa.Column("added_version", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("ticket_id", name=op.f("pk_ticket_denylist")),
    )
    op.create_index(op.f("ix_ticket_denylist_expires_at"), "ticket_denylist", ["expires_at"])
    op.create_table(
        "ticket_denylist_changes",
        sa.Column("version", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("ticket_id", sa.String(12), nullable=False),
        sa.Column("op", sa.String(8), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_ticket_denylist_changes")),
        sa.CheckConstraint("op IN ('add', 'remove')", name=op.f("ck_ticket_denylist_changes_op_known")),
    )
    state = op.create_table(
        "ticket_denylist_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_denylist_state")),
    )
    op.bulk_insert(state, [{"id": 1, "version": 0}])
    op.create_table(
        "ticket_qr_images",
        sa.Column("ticket_id", sa.String(12), nullable=False),
        sa.Column("fmt", sa.String(4), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("ticket_id", "fmt", name=op.f("pk_ticket_qr_images")),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.ticket_id"], name=op.f("fk_ticket_qr_images_ticket_id_tickets")
        ),
    )


def downgrade() -> None:
    op.drop_table("ticket_qr_images")
    op.drop_table("ticket_denylist_state")
    op.drop_table("ticket_denylist_changes")
    op.drop_index(op.f("ix_ticket_denylist_expires_at"), table_name="ticket_denylist")
    op.drop_table("ticket_denylist")
    op.drop_index(op.f("ix_ticket_device_keys_holder_id"), table_name="ticket_device_keys")
    op.drop_table("ticket_device_keys")
    op.drop_table("ticket_issuer_keys")
    op.drop_index(op.f("ix_ticket_events_ticket_id"), table_name="ticket_events")
    op.drop_table("ticket_events")
    op.drop_index(op.f("ix_tickets_order_id"), table_name="tickets")
    op.drop_index(op.f("ix_tickets_holder_id"), table_name="tickets")
    op.drop_table("tickets")
