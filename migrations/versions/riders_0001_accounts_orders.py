"""riders: accounts, refresh-token families, concessions, idempotency, orders, wallet, refunds

Revision ID: riders_0001
Revises: 0001_foundation
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ticketing.db.base import UTCDateTime

revision: str = "riders_0001"
down_revision: str | Sequence[str] | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = ("riders",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "riders",
        sa.Column("id", sa.String(26), nullable=False),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("phone", sa.String(16), nullable=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("password_changed_at", UTCDateTime(), nullable=False),
        sa.Column("disabled_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_riders")),
        sa.UniqueConstraint("email", name=op.f("uq_riders_email")),
        sa.UniqueConstraint("phone", name=op.f("uq_riders_phone")),
        sa.CheckConstraint("email IS NOT NULL OR phone IS NOT NULL", name=op.f("ck_riders_has_login")),
    )
    op.create_table(
        "rider_refresh_tokens",
        sa.Column("id", sa.String(26), nullable=False),
        sa.Column("family_id", sa.String(26), nullable=False),
        sa.Column("rider_id", sa.String(26), nullable=False),
        sa.Column("secret_sha256", sa.String(64), nullable=False),
        sa.Column("issued_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("revoke_reason", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rider_refresh_tokens")),
        sa.ForeignKeyConstraint(
            ["rider_id"], ["riders.id"], ondelete="CASCADE",
            name=op.f("fk_rider_refresh_tokens_rider_id_riders"),
        ),
    )
    op.create_index(op.f("ix_rider_refresh_tokens_family_id"), "rider_refresh_tokens", ["family_id"])
    op.create_index(op.f("ix_rider_refresh_tokens_rider_id"), "rider_refresh_tokens", ["rider_id"])
    op.create_table(
        "rider_concessions",
        sa.Column("id", sa.String(26), nullable=False),
        sa.Column("rider_id", sa.String(26), nullable=False),
        sa.Column("rider_category_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("proof_reference", sa.String(500), nullable=False),
        sa.Column("requested_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decided_by", sa.String(26), nullable=True),
        sa.Column("decision_note", sa.String(500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rider_concessions")),
        sa.ForeignKeyConstraint(
            ["rider_id"], ["riders.id"], ondelete="CASCADE",
            name=op.f("fk_rider_concessions_rider_id_riders"),
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected')", name=op.f("ck_rider_concessions_status_known")
        ),
    )
    op.create_index(op.f("ix_rider_concessions_rider_id"), "rider_concessions", ["rider_id"])
    op.create_table(
        "rider_idempotency_records",
        sa.Column("rider_id", sa.String(26), nullable=False),
        sa.Column("scope", sa.String(32), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("rider_id", "scope", "key", name=op.f("pk_rider_idempotency_records")),
        sa.ForeignKeyConstraint(
            ["rider_id"], ["riders.id"], ondelete="CASCADE",
            name=op.f("fk_rider_idempotency_records_rider_id_riders"),
        ),
    )
    op.create_table(
        "rider_orders",
        sa.Column("id", sa.String(26), nullable=False),
        sa.Column("rider_id", sa.String(26), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("total_minor", sa.BigInteger(), nullable=False),
        sa.Column("payment_id", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("paid_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rider_orders")),
        sa.UniqueConstraint("payment_id", name=op.f("uq_rider_orders_payment_id")),
        sa.ForeignKeyConstraint(
            ["rider_id"], ["riders.id"], ondelete="RESTRICT", name=op.f("fk_rider_orders_rider_id_riders")
        ),
        sa.CheckConstraint(
            "status IN ('pending_payment', 'paid', 'failed')", name=op.f("ck_rider_orders_status_known")
        ),
        sa.CheckConstraint("total_minor >= 0", name=op.f("ck_rider_orders_total_not_negative")),
    )
    op.create_index(op.f("ix_rider_orders_rider_id"), "rider_orders", ["rider_id"])
    op.create_table(
        "rider_order_lines",
        sa.Column("order_id", sa.String(26), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("fare_product_id", sa.String(64), nullable=False),
        sa.Column("fare_product_name", sa.String(255), nullable=False),
        sa.Column("rider_category_id", sa.String(64), nullable=False),
        sa.Column("fare_media_id", sa.String(64), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("validity", sa.String(32), nullable=False),
        sa.Column("device_key_id", sa.String(40), nullable=True),
        sa.PrimaryKeyConstraint("order_id", "line_no", name=op.f("pk_rider_order_lines")),
        sa.ForeignKeyConstraint(
            ["order_id"], ["rider_orders.id"], ondelete="CASCADE",
            name=op.f("fk_rider_order_lines_order_id_rider_orders"),
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_rider_order_lines_quantity_positive")),
        sa.CheckConstraint("unit_amount_minor >= 0", name=op.f("ck_rider_order_lines_amount_not_negative")),
    )
    op.create_table(
        "rider_wallet_topups",
        sa.Column("id", sa.String(26), nullable=False),
        sa.Column("rider_id", sa.String(26), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("payment_id", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("credited_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rider_wallet_topups")),
        sa.UniqueConstraint("payment_id", name=op.f("uq_rider_wallet_topups_payment_id")),
        sa.ForeignKeyConstraint(
            ["rider_id"], ["riders.id"], ondelete="RESTRICT",
            name=op.f("fk_rider_wallet_topups_rider_id_riders"),
        ),
        sa.CheckConstraint(
            "status IN ('pending_payment', 'credited', 'failed')",
            name=op.f("ck_rider_wallet_topups_status_known"),
        ),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_rider_wallet_topups_amount_positive")),
    )
    op.create_index(op.f("ix_rider_wallet_topups_rider_id"), "rider_wallet_topups", ["rider_id"])
    op.create_table(
        "rider_wallet_charges",
        sa.Column("id", sa.String(26), nullable=False),
        sa.Column("rider_id", sa.String(26), nullable=False),
        sa.Column("journey_ref", sa.String(64), nullable=False),
        sa.Column("operator_id", sa.String(64), nullable=False),
        sa.Column("network_id", sa.String(64), nullable=True),
        sa.Column("leg_group_id", sa.String(64), nullable=True),
        sa.Column("fare_product_id", sa.String(64), nullable=True),
        sa.Column("base_minor", sa.BigInteger(), nullable=False),
        sa.Column("charged_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("cap_ids", sa.String(255), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("travelled_at", UTCDateTime(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rider_wallet_charges")),
        sa.UniqueConstraint("journey_ref", name=op.f("uq_rider_wallet_charges_journey_ref")),
        sa.ForeignKeyConstraint(
            ["rider_id"], ["riders.id"], ondelete="RESTRICT",
            name=op.f("fk_rider_wallet_charges_rider_id_riders"),
        ),
        sa.CheckConstraint(
            "charged_minor >= 0 AND charged_minor <= base_minor",
            name=op.f("ck_rider_wallet_charges_charge_in_range"),
        ),
    )
    op.create_index(op.f("ix_rider_wallet_charges_rider_id"), "rider_wallet_charges", ["rider_id"])
    op.create_table(
        "rider_refunds",
        sa.Column("id", sa.String(26), nullable=False),
        sa.Column("rider_id", sa.String(26), nullable=False),
        sa.Column("ticket_id", sa.String(12), nullable=False),
        sa.Column("order_id", sa.String(26), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("fee_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(255), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rider_refunds")),
        sa.UniqueConstraint("ticket_id", name=op.f("uq_rider_refunds_ticket_id")),
        sa.ForeignKeyConstraint(
            ["rider_id"], ["riders.id"], ondelete="RESTRICT", name=op.f("fk_rider_refunds_rider_id_riders")
        ),
        sa.CheckConstraint("status IN ('refunded', 'pending')", name=op.f("ck_rider_refunds_status_known")),
    )
    op.create_index(op.f("ix_rider_refunds_rider_id"), "rider_refunds", ["rider_id"])


def downgrade() -> None:
    op.drop_table("rider_refunds")
    op.drop_table("rider_wallet_charges")
    op.drop_table("rider_wallet_topups")
    op.drop_table("rider_order_lines")
    op.drop_table("rider_orders")
    op.drop_table("rider_idempotency_records")
    op.drop_table("rider_concessions")
    op.drop_table("rider_refresh_tokens")
    op.drop_table("riders")
