"""Identifiers. Writers choose ids before sending, so retries are idempotent.

ULIDs: 128 bits, time-ordered, 26 Crockford base32 characters.
"""

from __future__ import annotations

import os
import re
from datetime import datetime

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ULID_PATTERN = re.compile(r"^[0-7][0-9A-HJKMNP-TV-Z]{25}$")


def new_ulid(at: datetime) -> str:
    """A ULID whose time part is ``at`` (pass the clock's now)."""
    ms = int(at.timestamp() * 1000)
    value = (ms << 80) | int.from_bytes(os.urandom(10), "big")
    chars = []
    for _ in range(26):
        chars.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def is_ulid(text: str) -> bool:
    return bool(ULID_PATTERN.match(text))
