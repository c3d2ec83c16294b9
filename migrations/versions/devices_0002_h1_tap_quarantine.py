"""devices: quarantined and unverifiable taps; 64-bit tap sequences

Taps that are implausible or whose processing raised are quarantined (kept, skipped by
processing until re-queued); accepted taps that fail the evidence rule are marked unverifiable
and recorded as a ``unverifiable_tap`` exception, which may name no ticket.

Revision ID: devices_0002_h1
Revises: devices_0001
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ticketing.db.base import UTCDateTime

revision: str = "devices_0002_h1"
down_revision: str | Sequence[str] | None = "devices_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("taps") as batch:
        batch.add_column(sa.Column("code_sha256", sa.String(64), nullable=True))
        batch.add_column(sa.Column("quarantined_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("quarantine_reason", sa.String(300), nullable=True))
        batch.add_column(sa.Column("unverifiable_reason", sa.String(300), nullable=True))
        batch.alter_column("sequence", type_=sa.BigInteger(), existing_nullable=False)
        batch.alter_column("snapshot_version", type_=sa.BigInteger(), existing_nullable=False)
    op.create_index("ix_taps_quarantined", "taps", ["quarantined_at"])
    with op.batch_alter_table("tap_exceptions") as batch:
        batch.alter_column("ticket_id", existing_type=sa.String(64), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM tap_exceptions WHERE ticket_id IS NULL")
    with op.batch_alter_table("tap_exceptions") as batch:
        batch.alter_column("ticket_id", existing_type=sa.String(64), nullable=False)
    op.drop_index("ix_taps_quarantined", table_name="taps")
    with op.batch_alter_table("taps") as batch:
        batch.alter_column("snapshot_version", type_=sa.Integer(), existing_nullable=False)
        batch.alter_column("sequence", type_=sa.Integer(), existing_nullable=False)
        batch.drop_column("unverifiable_reason")
        batch.drop_column("quarantine_reason")
        batch.drop_column("quarantined_at")
        batch.drop_column("code_sha256")
