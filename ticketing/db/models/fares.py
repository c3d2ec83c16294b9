"""Fare catalogue versions: imported GTFS feeds and their (append-only) activations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ticketing.db.base import Base


class FareFeedVersion(Base):
    """One imported feed, stored as a normalised zip with the problems found when it was read."""

    __tablename__ = "fare_feed_versions"

    id: Mapped[str] = mapped_column(sa.String(26), primary_key=True)
    content_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    feed_version: Mapped[str | None] = mapped_column(sa.String(200))
    imported_at: Mapped[datetime]
    imported_by: Mapped[str] = mapped_column(sa.String(120))
    error_count: Mapped[int] = mapped_column(sa.Integer)
    warning_count: Mapped[int] = mapped_column(sa.Integer)
    problems: Mapped[dict[str, Any]]
    summary: Mapped[dict[str, Any]]
    archive: Mapped[bytes] = mapped_column(sa.LargeBinary)


class FareFeedActivation(Base):
    """From ``effective_from`` on, ``version_id`` prices journeys. Rows are never updated."""

    __tablename__ = "fare_feed_activations"

    id: Mapped[str] = mapped_column(sa.String(26), primary_key=True)
    version_id: Mapped[str] = mapped_column(sa.String(26), sa.ForeignKey("fare_feed_versions.id"))
    effective_from: Mapped[datetime] = mapped_column(unique=True)
    activated_at: Mapped[datetime]
    activated_by: Mapped[str] = mapped_column(sa.String(120))
