"""Registering a free rider's CCCD: only a keyed hash is stored, never the number.

``number_hash = HMAC-SHA256(reader_key, number)`` with ``reader_key = HMAC-SHA256(secret,
"vexe:cccd:reader-key:v1")`` and ``secret`` the server's ``VEXE_CCCD_SECRET``. Readers receive
``reader_key`` and a per-snapshot salt (ticketing.service.cccd.snapshot) so they can check a card
offline; the database alone (without the secret) cannot be turned back into numbers.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.admission.cccd import CccdNumberError, number_hash
from ticketing.core.clock import Clock
from ticketing.core.errors import InvalidInput, Unavailable
from ticketing.db.models.cccd import CccdCard

# The groups who ride free with their chip ID (Hanoi: 60+, under 6, people with disabilities,
# people with revolutionary merit, poor households): the feed's rider category ids.
FREE_CATEGORIES = ("nguoi_cao_tuoi", "tre_em_duoi_6", "nguoi_khuyet_tat", "nguoi_co_cong", "ho_ngheo")


def reader_key(secret: bytes | None) -> bytes:
    if not secret:
        raise Unavailable("cccd_not_configured", "no CCCD secret is configured (VEXE_CCCD_SECRET)")
    return hmac.new(secret, b"vexe:cccd:reader-key:v1", hashlib.sha256).digest()


@dataclass(frozen=True, slots=True)
class CccdRegistration:
    category: str
    card_ref: str  # the first 12 hex digits of the keyed hash: names the card, reveals nothing
    registered_at: datetime
    registered_by: str
    created: bool

    def as_json(self) -> dict[str, object]:
        return {
            "category": self.category,
            "card_ref": self.card_ref,
            "registered_at": self.registered_at.isoformat(),
            "registered_by": self.registered_by,
            "created": self.created,
        }


async def register_cccd(
    session: AsyncSession,
    clock: Clock,
    secret: bytes | None,
    *,
    number: str,
    category: str,
    registered_by: str,
) -> CccdRegistration:
    """Register (or re-categorise) a card. Idempotent: the same number and category again
    changes nothing and answers ``created: false``."""
    if category not in FREE_CATEGORIES:
        raise InvalidInput(
            "cccd_category_not_free",
            f"category must be one of the free-rider categories: {', '.join(FREE_CATEGORIES)}",
        )
    try:
        hashed = number_hash(reader_key(secret), number)
    except CccdNumberError as exc:
        raise InvalidInput("cccd_number_invalid", str(exc)) from None
    card = await session.get(CccdCard, hashed)
    created = card is None
    if card is None:
        card = CccdCard(
            number_hash=hashed,
            rider_category_id=category,
            registered_at=clock.now(),
            registered_by=registered_by,
        )
        session.add(card)
    elif card.rider_category_id != category:
        card.rider_category_id = category
        card.registered_at = clock.now()
        card.registered_by = registered_by
    await session.flush()
    return CccdRegistration(category, hashed[:12], card.registered_at, card.registered_by, created)


async def list_cccd(session: AsyncSession, *, after_ref: str | None, limit: int) -> list[CccdRegistration]:
    """Registered cards by card_ref (never numbers), ``limit`` at most, after ``after_ref``."""
    stmt = sa.select(CccdCard).order_by(CccdCard.number_hash).limit(limit)
    if after_ref is not None:
        if len(after_ref) != 12 or any(c not in "0123456789abcdef" for c in after_ref):
            raise InvalidInput("cursor_invalid", "cursor must be a card_ref (12 hex digits)")
        stmt = stmt.where(CccdCard.number_hash > after_ref + "g")  # past every hash with that prefix
    rows = (await session.scalars(stmt)).all()
    return [
        CccdRegistration(r.rider_category_id, r.number_hash[:12], r.registered_at, r.registered_by, False)
        for r in rows
    ]
