"""ledger: accounts, transfers, sold-ticket projection, rides, settlement statements, payments,
refunds and the webhook inbox

Revision ID: ledger_0001
Revises: 0001_foundation
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ticketing.db.base import UTCDateTime

revision: str = "ledger_0001"
down_revision: str | Sequence[str] | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = ("ledger",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ledger_accounts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("normal_side", sa.String(6), nullable=False),
        sa.Column("floor_minor", sa.BigInteger(), nullable=True),
        sa.Column("debits_posted", sa.BigInteger(), nullable=False),
        sa.Column("credits_posted", sa.BigInteger(), nullable=False),
        sa.Column("debits_pending", sa.BigInteger(), nullable=False),
        sa.Column("credits_pending", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_accounts")),
        sa.UniqueConstraint("name", "currency", name=op.f("uq_ledger_accounts_name_currency")),
        sa.CheckConstraint("normal_side IN ('debit', 'credit')", name=op.f("ck_ledger_accounts_side_known")),
    )
    op.create_table(
        "ledger_transfers",
        sa.Column("id", sa.String(128), nullable=False),
        sa.Column("debit_account_id", sa.Integer(), nullable=False),
        sa.Column("credit_account_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("flag", sa.String(16), nullable=False),
        sa.Column("pending_id", sa.String(128), nullable=True),
        sa.Column("timeout_at", UTCDateTime(), nullable=True),
        sa.Column("reference", sa.String(128), nullable=True),
        sa.Column("ticket_id", sa.String(64), nullable=True),
        sa.Column("operator_id", sa.String(64), nullable=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_transfers")),
        sa.ForeignKeyConstraint(
            ["debit_account_id"], ["ledger_accounts.id"],
            name=op.f("fk_ledger_transfers_debit_account_id_ledger_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["credit_account_id"], ["ledger_accounts.id"],
            name=op.f("fk_ledger_transfers_credit_account_id_ledger_accounts"),
        ),
        sa.UniqueConstraint("pending_id", name=op.f("uq_ledger_transfers_pending_id")),
        sa.CheckConstraint("amount_minor >= 0", name=op.f("ck_ledger_transfers_amount_not_negative")),
        sa.CheckConstraint(
            "flag IN ('posted', 'pending', 'post_pending', 'void_pending')",
            name=op.f("ck_ledger_transfers_flag_known"),
        ),
    )
    op.create_index(op.f("ix_ledger_transfers_reference"), "ledger_transfers", ["reference"])
    op.create_index(op.f("ix_ledger_transfers_ticket_id"), "ledger_transfers", ["ticket_id"])
    op.create_index(op.f("ix_ledger_transfers_created_at"), "ledger_transfers", ["created_at"])
    op.create_table(
        "ledger_tickets",
        sa.Column("ticket_id", sa.String(64), nullable=False),
        sa.Column("sale_id", sa.String(128), nullable=False),
        sa.Column("provider", sa.String(64), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("refunded_minor", sa.BigInteger(), nullable=False),
        sa.Column("recognised_minor", sa.BigInteger(), nullable=False),
        sa.Column("broken_minor", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("valid_until", UTCDateTime(), nullable=False),
        sa.Column("first_ride_id", sa.String(128), nullable=True),
        sa.Column("sold_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("ticket_id", name=op.f("pk_ledger_tickets")),
        sa.CheckConstraint("kind IN ('single', 'pass')", name=op.f("ck_ledger_tickets_kind_known")),
        sa.CheckConstraint(
            "state IN ('unearned', 'recognised', 'refunded', 'broken')",
            name=op.f("ck_ledger_tickets_state_known"),
        ),
        sa.CheckConstraint(
            "refunded_minor + recognised_minor + broken_minor <= amount_minor",
            name=op.f("ck_ledger_tickets_within_amount"),
        ),
    )
    op.create_index(op.f("ix_ledger_tickets_sale_id"), "ledger_tickets", ["sale_id"])
    op.create_index(op.f("ix_ledger_tickets_valid_until"), "ledger_tickets", ["valid_until"])
    op.create_table(
        "ledger_rides",
        sa.Column("ride_id", sa.String(128), nullable=False),
        sa.Column("ticket_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("operator_id", sa.String(64), nullable=False),
        sa.Column("ridden_at", UTCDateTime(), nullable=False),
        sa.Column("recognised_minor", sa.BigInteger(), nullable=False),
        sa.Column("booked_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("ride_id", name=op.f("pk_ledger_rides")),
    )
    op.create_index(op.f("ix_ledger_rides_ticket_id"), "ledger_rides", ["ticket_id"])
    op.create_index(op.f("ix_ledger_rides_booked_at"), "ledger_rides", ["booked_at"])
    op.create_table(
        "settlement_statements",
        sa.Column("operator_id", sa.String(64), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("net_owed_minor", sa.BigInteger(), nullable=False),
        sa.Column("content_json", sa.Text(), nullable=False),
        sa.Column("content_csv", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint(
            "operator_id", "service_date", "currency", name=op.f("pk_settlement_statements")
        ),
    )
    op.create_table(
        "payments",
        sa.Column("payment_id", sa.String(64), nullable=False),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("reference_id", sa.String(128), nullable=False),
        sa.Column("provider", sa.String(32), nullable=False),
        sa.Column("provider_payment_id", sa.String(128), nullable=True),
        sa.Column("provider_charge_id", sa.String(128), nullable=True),
        sa.Column("client_secret", sa.String(255), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("description", sa.String(255), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("succeeded_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("payment_id", name=op.f("pk_payments")),
        sa.UniqueConstraint("provider_payment_id", name=op.f("uq_payments_provider_payment_id")),
        sa.CheckConstraint("purpose IN ('order', 'wallet_topup')", name=op.f("ck_payments_purpose_known")),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_payments_amount_positive")),
    )
    op.create_index(op.f("ix_payments_reference_id"), "payments", ["reference_id"])
    op.create_index(op.f("ix_payments_provider_charge_id"), "payments", ["provider_charge_id"])
    op.create_table(
        "payment_refunds",
        sa.Column("refund_id", sa.String(64), nullable=False),
        sa.Column("payment_id", sa.String(64), nullable=False),
        sa.Column("ticket_id", sa.String(64), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("provider_refund_id", sa.String(128), nullable=True),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("refund_id", name=op.f("pk_payment_refunds")),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.payment_id"], name=op.f("fk_payment_refunds_payment_id_payments")
        ),
        sa.UniqueConstraint("provider_refund_id", name=op.f("uq_payment_refunds_provider_refund_id")),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_payment_refunds_amount_positive")),
    )
    op.create_index(op.f("ix_payment_refunds_payment_id"), "payment_refunds", ["payment_id"])
    op.create_table(
        "webhook_inbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("provider", sa.String(32), nullable=False),
        sa.Column("event_id", sa.String(128), nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("object_id", sa.String(128), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("handled_at", UTCDateTime(), nullable=True),
        sa.Column("outcome", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_inbox")),
        sa.UniqueConstraint("provider", "event_id", name=op.f("uq_webhook_inbox_provider_event_id")),
    )


def downgrade() -> None:
    op.drop_table("webhook_inbox")
    op.drop_index(op.f("ix_payment_refunds_payment_id"), table_name="payment_refunds")
    op.drop_table("payment_refunds")
    op.drop_index(op.f("ix_payments_provider_charge_id"), table_name="payments")
    op.drop_index(op.f("ix_payments_reference_id"), table_name="payments")
    op.drop_table("payments")
    op.drop_table("settlement_statements")
    op.drop_index(op.f("ix_ledger_rides_booked_at"), table_name="ledger_rides")
    op.drop_index(op.f("ix_ledger_rides_ticket_id"), table_name="ledger_rides")
    op.drop_table("ledger_rides")
    op.drop_index(op.f("ix_ledger_tickets_valid_until"), table_name="ledger_tickets")
    op.drop_index(op.f("ix_ledger_tickets_sale_id"), table_name="ledger_tickets")
    op.drop_table("ledger_tickets")
    op.drop_index(op.f("ix_ledger_transfers_created_at"), table_name="ledger_transfers")
    op.drop_index(op.f("ix_ledger_transfers_ticket_id"), table_name="ledger_transfers")
    op.drop_index(op.f("ix_ledger_transfers_reference"), table_name="ledger_transfers")
    op.drop_table("ledger_transfers")
    op.drop_table("ledger_accounts")
