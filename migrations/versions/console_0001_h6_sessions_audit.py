"""console: staff sessions, staff audit log, tap exception resolutions

Revision ID: console_0001_h6
Revises: 0001_foundation
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ticketing.db.base import UTCDateTime

revision: str = "console_0001_h6"
down_revision: str | Sequence[str] | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = ("console",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff_sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("staff_id", sa.String(26), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("client_ip", sa.String(64), nullable=True),
        sa.Column("user_agent", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_staff_sessions")),
    )
    op.create_index(op.f("ix_staff_sessions_staff_id"), "staff_sessions", ["staff_id"])
    op.create_table(
        "staff_audit_log",
        sa.Column("id", sa.String(26), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("staff_id", sa.String(26), nullable=True),
        sa.Column("username", sa.String(120), nullable=True),
        sa.Column("operator_id", sa.String(64), nullable=True),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("method", sa.String(8), nullable=False),
        sa.Column("path", sa.String(300), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("client_ip", sa.String(64), nullable=True),
        sa.Column("detail", sa.String(500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_audit_log")),
    )
    op.create_index(op.f("ix_staff_audit_log_at"), "staff_audit_log", ["at"])
    op.create_index(op.f("ix_staff_audit_log_staff_id"), "staff_audit_log", ["staff_id"])
    op.create_table(
        "tap_exception_resolutions",
        sa.Column("exception_id", sa.String(26), nullable=False),
        sa.Column("resolved_at", UTCDateTime(), nullable=False),
        sa.Column("resolved_by", sa.String(120), nullable=False),
        sa.Column("note", sa.String(500), nullable=False),
        sa.PrimaryKeyConstraint("exception_id", name=op.f("pk_tap_exception_resolutions")),
    )


def downgrade() -> None:
    op.drop_table("tap_exception_resolutions")
    op.drop_index(op.f("ix_staff_audit_log_staff_id"), table_name="staff_audit_log")
    op.drop_index(op.f("ix_staff_audit_log_at"), table_name="staff_audit_log")
    op.drop_table("staff_audit_log")
    op.drop_index(op.f("ix_staff_sessions_staff_id"), table_name="staff_sessions")
    op.drop_table("staff_sessions")
