"""ledger: failed webhook handling is retried with backoff from the inbox

Revision ID: ledger_0002_h2
Revises: ledger_0001
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ticketing.db.base import UTCDateTime

revision: str = "ledger_0002_h2"
down_revision: str | Sequence[str] | None = "ledger_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("webhook_inbox") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("next_attempt_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("last_error", sa.String(255), nullable=True))
    op.create_index(op.f("ix_webhook_inbox_handled_at"), "webhook_inbox", ["handled_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_webhook_inbox_handled_at"), table_name="webhook_inbox")
    with op.batch_alter_table("webhook_inbox") as batch:
        batch.drop_column("last_error")
        batch.drop_column("next_attempt_at")
        batch.drop_column("attempts")
