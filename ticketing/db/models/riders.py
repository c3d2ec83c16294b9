"""Rider accounts, refresh-token families and concession requests (the rider API's own tables)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ticketing.db.base import Base


class Rider(Base):
    __tablename__ = "riders"

    id: Mapped[str] = mapped_column(sa.String(26), primary_key=True)
    # Lower-cased e-mail or a Vietnamese phone number in E.164 (+84...); at least one is set.
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(sa.String(16), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    created_at: Mapped[datetime]
    password_changed_at: Mapped[datetime]
    disabled_at: Mapped[datetime | None]

    __table_args__ = (sa.CheckConstraint("email IS NOT NULL OR phone IS NOT NULL", name="has_login"),)


class RiderRefreshToken(Base):
    """One refresh token of a rotation family. Only the SHA-256 of the secret is stored.

    Presenting a token whose ``used_at`` is set is reuse: the whole family is revoked.
    """

    __tablename__ = "rider_refresh_tokens"

    id: Mapped[str] = mapped_column(sa.String(26), primary_key=True)
    family_id: Mapped[str] = mapped_column(sa.String(26), index=True)
    rider_id: Mapped[str] = mapped_column(
        sa.String(26), sa.ForeignKey("riders.id", ondelete="CASCADE"), index=True
    )
    secret_sha256: Mapped[str] = mapped_column(sa.String(64))
    issued_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoke_reason: Mapped[str | None] = mapped_column(sa.String(32))


class RiderConcession(Base):
    """A rider's request for a concession category, decided by an operator."""

    __tablename__ = "rider_concessions"

    id: Mapped[str] = mapped_column(sa.String(26), primary_key=True)
    rider_id: Mapped[str] = mapped_column(
        sa.String(26), sa.ForeignKey("riders.id", ondelete="CASCADE"), index=True
    )
    rider_category_id: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[str] = mapped_column(sa.String(16))
    proof_reference: Mapped[str] = mapped_column(sa.String(500))
    requested_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(sa.String(26))
    decision_note: Mapped[str | None] = mapped_column(sa.String(500))

    __table_args__ = (
        sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="status_known"),
    )


class RiderIdempotencyRecord(Base):
    """A POST answered under an Idempotency-Key: the request fingerprint and the stored answer."""

    __tablename__ = "rider_idempotency_records"

    rider_id: Mapped[str] = mapped_column(
        sa.String(26), sa.ForeignKey("riders.id", ondelete="CASCADE"), primary_key=True
    )
    scope: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(255), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    status_code: Mapped[int]
    response: Mapped[dict[str, object]] = mapped_column(sa.JSON())
    created_at: Mapped[datetime]
