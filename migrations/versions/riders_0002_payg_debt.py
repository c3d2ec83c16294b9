"""riders: pay-as-you-go charges owed (debt) and incomplete journeys charged the policy fare

Revision ID: riders_0002
Revises: riders_0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "riders_0002"
down_revision: str | Sequence[str] | None = "riders_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("rider_wallet_charges") as batch:
        batch.add_column(sa.Column("status", sa.String(8), nullable=False, server_default="paid"))
        batch.add_column(sa.Column("incomplete", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.create_check_constraint("status_known", "status IN ('paid', 'owed')")
    op.create_index(
        op.f("ix_rider_wallet_charges_rider_id_status"), "rider_wallet_charges", ["rider_id", "status"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_rider_wallet_charges_rider_id_status"), table_name="rider_wallet_charges")
    with op.batch_alter_table("rider_wallet_charges") as batch:
        batch.drop_constraint("status_known", type_="check")
        batch.drop_column("incomplete")
        batch.drop_column("status")
