"""Taps uploaded by readers, what the server found in them, and the journeys built from them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ticketing.db.base import Base


class Tap(Base):
    """One reader decision, exactly as the reader made it (never rewritten)."""

    __tablename__ = "taps"

    tap_id: Mapped[str] = mapped_column(sa.String(26), primary_key=True)
    device_id: Mapped[str] = mapped_column(sa.String(64))
    sequence: Mapped[int] = mapped_column(sa.BigInteger)
    operator_id: Mapped[str] = mapped_column(sa.String(64))
    scanned_at: Mapped[datetime]
    received_at: Mapped[datetime]
    direction: Mapped[str] = mapped_column(sa.String(3))
    stop_id: Mapped[str | None] = mapped_column(sa.String(64))
    route_id: Mapped[str | None] = mapped_column(sa.String(64))
    vehicle_id: Mapped[str | None] = mapped_column(sa.String(64))
    ticket_id: Mapped[str | None] = mapped_column(sa.String(64))
    fare_product_id: Mapped[str | None] = mapped_column(sa.String(64))
    ticket_kind: Mapped[str | None] = mapped_column(sa.String(8))
    accepted: Mapped[bool] = mapped_column(sa.Boolean)
    reason: Mapped[str] = mapped_column(sa.String(32))
    flags: Mapped[str] = mapped_column(sa.String(128))
    snapshot_version: Mapped[int] = mapped_column(sa.BigInteger)
    # The presented code, bounded (``ticketing.admission.tap_wire``); ``code_sha256`` is set when
    # ``code`` is only a prefix of what was presented: the SHA-256 of the whole code.
    code: Mapped[str | None] = mapped_column(sa.Text)
    code_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    processed_at: Mapped[datetime | None]
    # Implausible at ingest, or its processing raised: skipped by processing until re-queued.
    quarantined_at: Mapped[datetime | None]
    quarantine_reason: Mapped[str | None] = mapped_column(sa.String(300))
    # An accepted tap the server could not verify (evidence rule): kept, with no effect.
    unverifiable_reason: Mapped[str | None] = mapped_column(sa.String(300))

    __table_args__ = (
        sa.UniqueConstraint("device_id", "sequence", name="uq_taps_device_sequence"),
        sa.Index("ix_taps_ticket_scanned", "ticket_id", "scanned_at"),
        sa.Index("ix_taps_unprocessed", "processed_at", "scanned_at"),
        sa.Index("ix_taps_quarantined", "quarantined_at"),
        sa.CheckConstraint("direction IN ('in', 'out')", name="direction_known"),
    )


class TapException(Base):
    """Where the server's view differs from the reader's: double use, revoked, impossible."""

    __tablename__ = "tap_exceptions"

    exception_id: Mapped[str] = mapped_column(sa.String(26), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(32))
    tap_id: Mapped[str] = mapped_column(sa.String(26))
    other_tap_id: Mapped[str | None] = mapped_column(sa.String(26))
    # None only for an unverifiable tap that names no ticket.
    ticket_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    operator_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    device_id: Mapped[str] = mapped_column(sa.String(64))
    detail: Mapped[str] = mapped_column(sa.String(300))
    detected_at: Mapped[datetime]
    denylisted: Mapped[bool] = mapped_column(sa.Boolean)

    __table_args__ = (sa.UniqueConstraint("kind", "tap_id", name="uq_tap_exceptions_kind_tap"),)


class Journey(Base):
    """A ride built from an entry tap and, when it arrives, the matching exit tap."""

    __tablename__ = "journeys"

    journey_id: Mapped[str] = mapped_column(sa.String(26), primary_key=True)
    ticket_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    mode: Mapped[str] = mapped_column(sa.String(8))
    operator_id: Mapped[str] = mapped_column(sa.String(64))
    vehicle_id: Mapped[str | None] = mapped_column(sa.String(64))
    route_id: Mapped[str | None] = mapped_column(sa.String(64))
    in_tap_id: Mapped[str] = mapped_column(sa.String(26), unique=True)
    out_tap_id: Mapped[str | None] = mapped_column(sa.String(26), unique=True)
    from_stop_id: Mapped[str | None] = mapped_column(sa.String(64))
    to_stop_id: Mapped[str | None] = mapped_column(sa.String(64))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    complete: Mapped[bool] = mapped_column(sa.Boolean)
