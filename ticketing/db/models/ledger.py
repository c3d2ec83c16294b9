"""Ledger tables: accounts with running balances, immutable transfers, the sold-ticket
projection the posting rules read, ride records, and settlement statements."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ticketing.db.base import Base


class LedgerAccount(Base):
    __tablename__ = "ledger_accounts"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    currency: Mapped[str] = mapped_column(sa.String(3))
    normal_side: Mapped[str] = mapped_column(sa.String(6))
    floor_minor: Mapped[int | None] = mapped_column(sa.BigInteger)
    debits_posted: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    credits_posted: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    debits_pending: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    credits_pending: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    created_at: Mapped[datetime]

    __table_args__ = (
        sa.UniqueConstraint("name", "currency"),
        sa.CheckConstraint("normal_side IN ('debit', 'credit')", name="side_known"),
    )


class LedgerTransfer(Base):
    __tablename__ = "ledger_transfers"

    id: Mapped[str] = mapped_column(sa.String(128), primary_key=True)
    debit_account_id: Mapped[int] = mapped_column(sa.ForeignKey("ledger_accounts.id"))
    credit_account_id: Mapped[int] = mapped_column(sa.ForeignKey("ledger_accounts.id"))
    amount_minor: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3))
    code: Mapped[str] = mapped_column(sa.String(32))
    flag: Mapped[str] = mapped_column(sa.String(16))
    pending_id: Mapped[str | None] = mapped_column(sa.String(128), unique=True)
    timeout_at: Mapped[datetime | None]
    reference: Mapped[str | None] = mapped_column(sa.String(128), index=True)
    ticket_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    operator_id: Mapped[str | None] = mapped_column(sa.String(64))
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(index=True)

    __table_args__ = (
        sa.CheckConstraint("amount_minor >= 0", name="amount_not_negative"),
        sa.CheckConstraint(
            "flag IN ('posted', 'pending', 'post_pending', 'void_pending')", name="flag_known"
        ),
    )


class LedgerTicket(Base):
    """What the ledger knows of each sold ticket: its price and how much of it is where."""

    __tablename__ = "ledger_tickets"

    ticket_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    sale_id: Mapped[str] = mapped_column(sa.String(128), index=True)
    provider: Mapped[str] = mapped_column(sa.String(64))
    currency: Mapped[str] = mapped_column(sa.String(3))
    kind: Mapped[str] = mapped_column(sa.String(8))
    amount_minor: Mapped[int] = mapped_column(sa.BigInteger)
    refunded_minor: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    recognised_minor: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    broken_minor: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    state: Mapped[str] = mapped_column(sa.String(12))
    valid_until: Mapped[datetime] = mapped_column(index=True)
    first_ride_id: Mapped[str | None] = mapped_column(sa.String(128))
    sold_at: Mapped[datetime]

    __table_args__ = (
        sa.CheckConstraint("kind IN ('single', 'pass')", name="kind_known"),
        sa.CheckConstraint(
            "state IN ('unearned', 'recognised', 'refunded', 'broken')", name="state_known"
        ),
        sa.CheckConstraint(
            "refunded_minor + recognised_minor + broken_minor <= amount_minor", name="within_amount"
        ),
    )


class LedgerRide(Base):
    __tablename__ = "ledger_rides"

    ride_id: Mapped[str] = mapped_column(sa.String(128), primary_key=True)
    ticket_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    kind: Mapped[str] = mapped_column(sa.String(8))
    operator_id: Mapped[str] = mapped_column(sa.String(64))
    ridden_at: Mapped[datetime]
    recognised_minor: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    booked_at: Mapped[datetime] = mapped_column(index=True)


class SettlementStatement(Base):
    __tablename__ = "settlement_statements"

    operator_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    service_date: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    currency: Mapped[str] = mapped_column(sa.String(3), primary_key=True)
    net_owed_minor: Mapped[int] = mapped_column(sa.BigInteger)
    content_json: Mapped[str] = mapped_column(sa.Text)
    content_csv: Mapped[str] = mapped_column(sa.Text)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime]
