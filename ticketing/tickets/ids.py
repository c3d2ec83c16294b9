"""Short identifiers that go inside ticket codes: ticket ids and issuer key ids.

A ticket id is 12 Crockford base32 characters (60 random bits): short enough for the QR budget,
wide enough that callers can choose ids before sending (idempotent retries) without collisions.
"""

from __future__ import annotations

import hashlib
import os
import re

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TICKET_ID_LENGTH = 12
TICKET_ID_PATTERN = re.compile(r"^[0-9A-HJKMNP-TV-Z]{12}$")
# Issuer key ids: short, printable, no path characters.
KID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


def _base32(data: bytes, length: int) -> str:
    value = int.from_bytes(data, "big")
    chars = []
    for _ in range(length):
        chars.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def new_ticket_id() -> str:
    """A fresh random ticket id."""
    return _base32(os.urandom(8), TICKET_ID_LENGTH)


def ticket_id_for(namespace: str, index: int) -> str:
    """A deterministic ticket id for item ``index`` of e.g. an order: retries give the same id."""
    digest = hashlib.sha256(f"vexe-ticket:{namespace}:{index}".encode()).digest()
    return _base32(digest[:8], TICKET_ID_LENGTH)


def is_ticket_id(text: str) -> bool:
    return bool(TICKET_ID_PATTERN.match(text))


def new_kid() -> str:
    """A fresh issuer key id (6 characters, lower case)."""
    return "k" + _base32(os.urandom(4), 5).lower()
