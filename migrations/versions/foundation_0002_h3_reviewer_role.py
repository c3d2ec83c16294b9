"""foundation: the city-level ``reviewer`` staff role (concessions and chip-ID registrations)

Revision ID: foundation_0002_h3
Revises: 0001_foundation
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "foundation_0002_h3"
down_revision: str | Sequence[str] | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES_BEFORE = "role IN ('admin', 'operator', 'auditor')"
ROLES_AFTER = "role IN ('admin', 'operator', 'auditor', 'reviewer')"


def _role_check(condition: str) -> None:
    # Batch mode: SQLite cannot alter a constraint in place, so the table is rebuilt there.
    with op.batch_alter_table("staff_accounts") as batch:
        batch.drop_constraint("role_known", type_="check")
        batch.create_check_constraint("role_known", condition)


def upgrade() -> None:
    _role_check(ROLES_AFTER)


def downgrade() -> None:
    op.execute("DELETE FROM staff_accounts WHERE role = 'reviewer'")
    _role_check(ROLES_BEFORE)
