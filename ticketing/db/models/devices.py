"""Validator devices: provisioning, enrolment (the device's own Ed25519 key) and sync state."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ticketing.db.base import Base


class Device(Base):
    __tablename__ = "devices"

    device_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    # GTFS agency_id of the operator the reader belongs to.
    operator_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    stop_id: Mapped[str | None] = mapped_column(sa.String(64))
    vehicle_id: Mapped[str | None] = mapped_column(sa.String(64))
    route_id: Mapped[str | None] = mapped_column(sa.String(64))
    passback_window_s: Mapped[int] = mapped_column(sa.Integer)
    snapshot_max_age_s: Mapped[int] = mapped_column(sa.Integer)
    stale_policy: Mapped[str] = mapped_column(sa.String(16))
    # SHA-256 of the one-time enrolment token; cleared once used.
    enrolment_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    enrolment_expires_at: Mapped[datetime | None]
    public_key: Mapped[str | None] = mapped_column(sa.String(64))
    enrolled_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    last_sync_at: Mapped[datetime | None]
    last_snapshot_version: Mapped[int | None] = mapped_column(sa.Integer)
    disabled_at: Mapped[datetime | None]

    __table_args__ = (
        sa.CheckConstraint(
            "(stop_id IS NULL) <> (vehicle_id IS NULL)", name="stop_or_vehicle"
        ),
        sa.CheckConstraint(
            "stale_policy IN ('accept_and_flag', 'reject')", name="stale_policy_known"
        ),
    )
