"""riders: order lines keep the product's English name beside the Vietnamese one

Revision ID: riders_0004_h4a
Revises: riders_0003
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "riders_0004_h4a"
down_revision: str | Sequence[str] | None = "riders_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("rider_order_lines") as batch:
        batch.add_column(sa.Column("fare_product_name_en", sa.String(255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rider_order_lines") as batch:
        batch.drop_column("fare_product_name_en")
