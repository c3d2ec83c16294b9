"""devices: validator devices, taps, tap exceptions and journeys

Revision ID: devices_0001
Revises: 0001_foundation
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ticketing.db.base import UTCDateTime

revision: str = "devices_0001"
down_revision: str | Sequence[str] | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = ("devices",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "devices",
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("operator_id", sa.String(64), nullable=False),
        sa.Column("stop_id", sa.String(64), nullable=True),
        sa.Column("vehicle_id", sa.String(64), nullable=True),
        sa.Column("route_id", sa.String(64), nullable=True),
        sa.Column("passback_window_s", sa.Integer(), nullable=False),
        sa.Column("snapshot_max_age_s", sa.Integer(), nullable=False),
        sa.Column("stale_policy", sa.String(16), nullable=False),
        sa.Column("enrolment_token_hash", sa.String(64), nullable=True),
        sa.Column("enrolment_expires_at", UTCDateTime(), nullable=True),
        sa.Column("public_key", sa.String(64), nullable=True),
        sa.Column("enrolled_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_sync_at", UTCDateTime(), nullable=True),
        sa.Column("last_snapshot_version", sa.Integer(), nullable=True),
        sa.Column("disabled_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_devices")),
        sa.UniqueConstraint("enrolment_token_hash", name=op.f("uq_devices_enrolment_token_hash")),
        sa.CheckConstraint(
            "(stop_id IS NULL) <> (vehicle_id IS NULL)", name=op.f("ck_devices_stop_or_vehicle")
        ),
        sa.CheckConstraint(
            "stale_policy IN ('accept_and_flag', 'reject')",
            name=op.f("ck_devices_stale_policy_known"),
        ),
    )
    op.create_index(op.f("ix_devices_operator_id"), "devices", ["operator_id"])

    op.create_table(
        "taps",
        sa.Column("tap_id", sa.String(26), nullable=False),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("operator_id", sa.String(64), nullable=False),
        sa.Column("scanned_at", UTCDateTime(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("stop_id", sa.String(64), nullable=True),
        sa.Column("route_id", sa.String(64), nullable=True),
        sa.Column("vehicle_id", sa.String(64), nullable=True),
        sa.Column("ticket_id", sa.String(64), nullable=True),
        sa.Column("fare_product_id", sa.String(64), nullable=True),
        sa.Column("ticket_kind", sa.String(8), nullable=True),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("flags", sa.String(128), nullable=False),
        sa.Column("snapshot_version", sa.Integer(), nullable=False),
        sa.Column("code", sa.Text(), nullable=True),
        sa.Column("processed_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("tap_id", name=op.f("pk_taps")),
        sa.UniqueConstraint("device_id", "sequence", name="uq_taps_device_sequence"),
        sa.CheckConstraint("direction IN ('in', 'out')", name=op.f("ck_taps_direction_known")),
    )
    op.create_index("ix_taps_ticket_scanned", "taps", ["ticket_id", "scanned_at"])
    op.create_index("ix_taps_unprocessed", "taps", ["processed_at", "scanned_at"])

    op.create_table(
        "tap_exceptions",
        sa.Column("exception_id", sa.String(26), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("tap_id", sa.String(26), nullable=False),
        sa.Column("other_tap_id", sa.String(26), nullable=True),
        sa.Column("ticket_id", sa.String(64), nullable=False),
        sa.Column("operator_id", sa.String(64), nullable=False),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("detail", sa.String(300), nullable=False),
        sa.Column("detected_at", UTCDateTime(), nullable=False),
        sa.Column("denylisted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("exception_id", name=op.f("pk_tap_exceptions")),
        sa.UniqueConstraint("kind", "tap_id", name="uq_tap_exceptions_kind_tap"),
    )
    op.create_index(op.f("ix_tap_exceptions_ticket_id"), "tap_exceptions", ["ticket_id"])
    op.create_index(op.f("ix_tap_exceptions_operator_id"), "tap_exceptions", ["operator_id"])

    op.create_table(
        "journeys",
        sa.Column("journey_id", sa.String(26), nullable=False),
        sa.Column("ticket_id", sa.String(64), nullable=False),
        sa.Column("mode", sa.String(8), nullable=False),
        sa.Column("operator_id", sa.String(64), nullable=False),
        sa.Column("vehicle_id", sa.String(64), nullable=True),
        sa.Column("route_id", sa.String(64), nullable=True),
        sa.Column("in_tap_id", sa.String(26), nullable=False),
        sa.Column("out_tap_id", sa.String(26), nullable=True),
        sa.Column("from_stop_id", sa.String(64), nullable=True),
        sa.Column("to_stop_id", sa.String(64), nullable=True),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("journey_id", name=op.f("pk_journeys")),
        sa.UniqueConstraint("in_tap_id", name=op.f("uq_journeys_in_tap_id")),
        sa.UniqueConstraint("out_tap_id", name=op.f("uq_journeys_out_tap_id")),
    )
    op.create_index(op.f("ix_journeys_ticket_id"), "journeys", ["ticket_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_journeys_ticket_id"), table_name="journeys")
    op.drop_table("journeys")
    op.drop_index(op.f("ix_tap_exceptions_operator_id"), table_name="tap_exceptions")
    op.drop_index(op.f("ix_tap_exceptions_ticket_id"), table_name="tap_exceptions")
    op.drop_table("tap_exceptions")
    op.drop_index("ix_taps_unprocessed", table_name="taps")
    op.drop_index("ix_taps_ticket_scanned", table_name="taps")
    op.drop_table("taps")
    op.drop_index(op.f("ix_devices_operator_id"), table_name="devices")
    op.drop_table("devices")
