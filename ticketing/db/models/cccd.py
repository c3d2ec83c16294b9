"""CCCD (chip citizen ID) free riders: the registry of keyed hashes, per-snapshot salts, and the
free rides counted for the city's subsidy report. No table ever holds a CCCD number."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ticketing.db.base import Base


class CccdCard(Base):
    """A registered free rider: HMAC(reader key, number) in hex, and the rider category."""

    __tablename__ = "cccd_cards"

    number_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    rider_category_id: Mapped[str] = mapped_column(sa.String(64))
    registered_at: Mapped[datetime]
    registered_by: Mapped[str] = mapped_column(sa.String(64))


class CccdSalt(Base):
    """The random salt readers of one snapshot version hash cards with (rotated with the snapshot)."""

    __tablename__ = "cccd_salts"

    snapshot_version: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    salt: Mapped[str] = mapped_column(sa.String(64))  # base64
    created_at: Mapped[datetime]


class CccdRide(Base):
    """One accepted CCCD tap-in, checked against the registry with its snapshot's salt."""

    __tablename__ = "cccd_rides"

    tap_id: Mapped[str] = mapped_column(sa.String(26), primary_key=True)
    device_id: Mapped[str] = mapped_column(sa.String(64))
    operator_id: Mapped[str] = mapped_column(sa.String(64))
    service_day: Mapped[date] = mapped_column(sa.Date)  # local (network) calendar day
    scanned_at: Mapped[datetime]
    snapshot_version: Mapped[int] = mapped_column(sa.Integer)
    # None when the salted hash matches no registered card (counted apart, never as a subsidy).
    rider_category_id: Mapped[str | None] = mapped_column(sa.String(64))
    verified: Mapped[bool] = mapped_column(sa.Boolean)

    __table_args__ = (sa.Index("ix_cccd_rides_day_operator", "service_day", "operator_id"),)
