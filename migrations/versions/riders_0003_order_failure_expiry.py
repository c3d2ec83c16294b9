"""riders: failed and expired orders keep the payment's failure code; orders may expire

Revision ID: riders_0003
Revises: riders_0002
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "riders_0003"
down_revision: str | Sequence[str] | None = "riders_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("rider_orders") as batch:
        batch.add_column(sa.Column("failure_code", sa.String(64), nullable=True))
        batch.drop_constraint("status_known", type_="check")
        batch.create_check_constraint(
            "status_known", "status IN ('pending_payment', 'paid', 'failed', 'expired')"
        )
    with op.batch_alter_table("rider_wallet_topups") as batch:
        batch.add_column(sa.Column("failure_code", sa.String(64), nullable=True))
    op.create_index(op.f("ix_rider_orders_status_created_at"), "rider_orders", ["status", "created_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_rider_orders_status_created_at"), table_name="rider_orders")
    with op.batch_alter_table("rider_wallet_topups") as batch:
        batch.drop_column("failure_code")
    op.execute("UPDATE rider_orders SET status = 'failed' WHERE status = 'expired'")
    with op.batch_alter_table("rider_orders") as batch:
        batch.drop_constraint("status_known", type_="check")
        batch.create_check_constraint("status_known", "status IN ('pending_payment', 'paid', 'failed')")
        batch.drop_column("failure_code")
