"""Chip citizen ID (CCCD) free riders: the hashes a reader checks, and the admission decision.

Nothing here ever keeps a CCCD number. The server registers ``number_hash = HMAC(reader_key,
number)`` (``reader_key`` is derived from a server secret) and sends readers, per snapshot, a
fresh random ``salt`` and the set ``HMAC(salt, number_hash)`` of every eligible card. A reader
computes the same two HMACs for a presented card and admits it when the result is in the set; the
tap carries only that salted hash and the snapshot version (the salt's id).

A salted hash identifies a card within one snapshot, so anti-passback applies per card exactly as
for a pass. A stolen reader holds ``reader_key``, one salt and the salted set: enough to test
guessed numbers offline (12 digits), which is why the set rotates and nothing else is kept.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from ticketing.admission import reasons as r
from ticketing.admission.decide import admit_facts
from ticketing.admission.model import (
    CccdList,
    Decision,
    DeviceContext,
    Direction,
    JournalView,
    Snapshot,
    TicketFacts,
)

CCCD_DIGITS = 12
# The "product" a CCCD free ride is recorded under, and the prefix of its ticket id on taps.
CCCD_PRODUCT_ID = "cccd_free"
CCCD_TICKET_PREFIX = "cccd-"
# The code a CCCD tap carries in the journal instead of the number: "cccd:<salted hash hex>".
CCCD_CODE_PREFIX = "cccd:"


class CccdNumberError(ValueError):
    """Not a CCCD number (12 digits)."""


def normalise_number(raw: str) -> str:
    """The 12 digits of a CCCD number; spaces and dashes are ignored."""
    digits = "".join(ch for ch in raw if ch not in " -")
    if len(digits) != CCCD_DIGITS or not digits.isascii() or not digits.isdigit():
        raise CccdNumberError(f"a CCCD number has {CCCD_DIGITS} digits")
    return digits


def number_hash(reader_key: bytes, number: str) -> str:
    """HMAC-SHA256(reader_key, number) in hex: what the server stores for a registered card."""
    return hmac.new(reader_key, normalise_number(number).encode("ascii"), hashlib.sha256).hexdigest()


def salted_hash(salt: bytes, hashed_number: str) -> str:
    """HMAC-SHA256(salt, number_hash) in hex: what a reader holds and a tap carries."""
    return hmac.new(salt, bytes.fromhex(hashed_number), hashlib.sha256).hexdigest()


def ticket_id_for(salted: str) -> str:
    """The tap's ticket id for a card in one snapshot (anti-passback key), never the number."""
    return f"{CCCD_TICKET_PREFIX}{salted[:32]}"


def salted_for(cards: CccdList, number: str) -> str:
    return salted_hash(cards.salt, number_hash(cards.reader_key, number))


def admit_cccd(
    number: str,
    scanned_at: datetime,
    device: DeviceContext,
    snapshot: Snapshot,
    cards: CccdList | None,
    journal: JournalView,
    direction: Direction = "in",
) -> tuple[Decision, str | None]:
    """The decision for a presented CCCD and the salted hash the tap carries (None if malformed)."""
    try:
        digits = normalise_number(number)
    except CccdNumberError as exc:
        return Decision(False, r.MALFORMED, detail=str(exc)), None
    if cards is None:
        return Decision(False, r.NOT_ELIGIBLE, detail="this snapshot has no CCCD list: sync first"), None
    salted = salted_for(cards, digits)
    if salted not in cards.hashes:
        return Decision(False, r.NOT_ELIGIBLE, detail="card not registered as a free rider"), salted
    facts = TicketFacts(
        ticket_id=ticket_id_for(salted),
        fare_product_id=CCCD_PRODUCT_ID,
        valid_from=scanned_at - timedelta(days=1),
        valid_until=scanned_at + timedelta(days=1),
        rides_allowed=None,
    )
    return admit_facts(facts, scanned_at, device, snapshot, journal, direction), salted
