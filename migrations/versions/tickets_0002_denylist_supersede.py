"""tickets: deny-list entries that supersede earlier codes of a ticket (only one window admitted)

Revision ID: tickets_0002
Revises: tickets_0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ticketing.db.base import UTCDateTime

revision: str = "tickets_0002"
down_revision: str | Sequence[str] | None = "tickets_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("ticket_denylist", "ticket_denylist_changes")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("current_valid_from", UTCDateTime(), nullable=True))
            batch.add_column(sa.Column("current_valid_until", UTCDateTime(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("current_valid_until")
            batch.drop_column("current_valid_from")
