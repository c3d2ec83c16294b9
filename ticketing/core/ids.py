"""Identifiers. Writers choose ids before sending, so retries are idempotent.

ULIDs: 128 bits, time-ordered, 26 Crockford base32 characters.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta

from ticketing.core.clock import require_aware

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ULID_PATTERN = re.compile(r"^[0-7][0-9A-HJKMNP-TV-Z]{25}$")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)
_MAX_MS = (1 << 48) - 1


def new_ulid(at: datetime) -> str:
    """A ULID whose time part is ``at`` (pass the clock's now; a naive datetime is refused)."""
    # Integer arithmetic: no float rounding, and a naive value is not silently read as local time.
    ms = (require_aware(at) - _EPOCH) // _MS
    if not 0 <= ms <= _MAX_MS:
        raise ValueError(f"time outside the ULID range: {at.isoformat()}")
    value = (ms << 80) | int.from_bytes(os.urandom(10), "big")
    chars = []
    for _ in range(26):
        chars.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def is_ulid(text: str) -> bool:
    return bool(ULID_PATTERN.fullmatch(text))


def ulid_time(ulid: str) -> datetime:
    """The instant (UTC, millisecond precision) encoded in a ULID's first 10 characters."""
    if not is_ulid(ulid):
        raise ValueError(f"not a ULID: {ulid!r}")
    ms = 0
    for char in ulid[:10]:
        ms = ms * 32 + _CROCKFORD.index(char)
    return _EPOCH + ms * _MS
