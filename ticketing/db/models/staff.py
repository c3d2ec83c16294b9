"""Staff accounts for the operator API."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ticketing.db.base import Base


class StaffAccount(Base):
    __tablename__ = "staff_accounts"

    id: Mapped[str] = mapped_column(sa.String(26), primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(120), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(16))
    # GTFS agency_id the account is scoped to; required for role "operator", empty otherwise.
    operator_id: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime]
    disabled_at: Mapped[datetime | None]

    __table_args__ = (
        sa.CheckConstraint("role IN ('admin', 'operator', 'auditor', 'reviewer')", name="role_known"),
        sa.CheckConstraint(
            "(role = 'operator') = (operator_id IS NOT NULL)", name="operator_scope"
        ),
    )
