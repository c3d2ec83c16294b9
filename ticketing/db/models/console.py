"""Staff console state: server-side sessions, the staff audit log and exception resolutions."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ticketing.db.base import Base


class StaffSession(Base):
    """One signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a
    database read does not hand out live sessions. ``revoked_at`` ends it (logout, or every
    session of the account at once)."""

    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    staff_id: Mapped[str] = mapped_column(sa.String(26), index=True)
    csrf_token: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    client_ip: Mapped[str | None] = mapped_column(sa.String(64))
    user_agent: Mapped[str | None] = mapped_column(sa.String(200))


class StaffAuditEntry(Base):
    """Who did what, when, from where: every staff write through the console or the operator API."""

    __tablename__ = "staff_audit_log"

    id: Mapped[str] = mapped_column(sa.String(26), primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    staff_id: Mapped[str | None] = mapped_column(sa.String(26), index=True)
    username: Mapped[str | None] = mapped_column(sa.String(120))
    operator_id: Mapped[str | None] = mapped_column(sa.String(64))
    channel: Mapped[str] = mapped_column(sa.String(8))  # "console" or "api"
    action: Mapped[str] = mapped_column(sa.String(64))
    method: Mapped[str] = mapped_column(sa.String(8))
    path: Mapped[str] = mapped_column(sa.String(300))
    status: Mapped[int] = mapped_column(sa.Integer)
    client_ip: Mapped[str | None] = mapped_column(sa.String(64))
    detail: Mapped[str] = mapped_column(sa.String(500))


class TapExceptionResolution(Base):
    """A staff member's resolution of a tap exception, with the note that explains it."""

    __tablename__ = "tap_exception_resolutions"

    exception_id: Mapped[str] = mapped_column(sa.String(26), primary_key=True)
    resolved_at: Mapped[datetime]
    resolved_by: Mapped[str] = mapped_column(sa.String(120))
    note: Mapped[str] = mapped_column(sa.String(500))
