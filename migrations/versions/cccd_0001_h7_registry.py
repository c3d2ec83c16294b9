"""cccd: registry of CCCD free riders (keyed hashes only), per-snapshot salts, counted free rides

Revision ID: cccd_0001_h7
Revises: 0001_foundation
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ticketing.db.base import UTCDateTime

revision: str = "cccd_0001_h7"
down_revision: str | Sequence[str] | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = ("cccd",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cccd_cards",
        sa.Column("number_hash", sa.String(64), nullable=False),
        sa.Column("rider_category_id", sa.String(64), nullable=False),
        sa.Column("registered_at", UTCDateTime(), nullable=False),
        sa.Column("registered_by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("number_hash", name=op.f("pk_cccd_cards")),
    )
    op.create_table(
        "cccd_salts",
        sa.Column("snapshot_version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("salt", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("snapshot_version", name=op.f("pk_cccd_salts")),
    )
    op.create_table(
        "cccd_rides",
        sa.Column("tap_id", sa.String(26), nullable=False),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("operator_id", sa.String(64), nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("scanned_at", UTCDateTime(), nullable=False),
        sa.Column("snapshot_version", sa.Integer(), nullable=False),
        sa.Column("rider_category_id", sa.String(64), nullable=True),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("tap_id", name=op.f("pk_cccd_rides")),
    )
    op.create_index("ix_cccd_rides_day_operator", "cccd_rides", ["service_day", "operator_id"])


def downgrade() -> None:
    op.drop_index("ix_cccd_rides_day_operator", table_name="cccd_rides")
    op.drop_table("cccd_rides")
    op.drop_table("cccd_salts")
    op.drop_table("cccd_cards")
