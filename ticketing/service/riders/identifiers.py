"""Rider login identifiers: an e-mail address or a Vietnamese mobile number (stored as E.164)."""

from __future__ import annotations

import re

from ticketing.core.errors import InvalidInput

_EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})+$")
# Vietnamese mobile numbers: 10 digits starting 03, 05, 07, 08 or 09 (national form),
# or the same nine digits after +84 / 84.
_VN_MOBILE = re.compile(r"^(?:\+?84|0)([35789]\d{8})$")


def normalize_email(text: str) -> str:
    value = text.strip().lower()
    if len(value) > 254 or not _EMAIL.match(value):
        raise InvalidInput("email_invalid", "not a valid e-mail address")
    return value


def normalize_phone(text: str) -> str:
    compact = re.sub(r"[\s.\-()]", "", text.strip())
    match = _VN_MOBILE.match(compact)
    if match is None:
        raise InvalidInput(
            "phone_invalid", "not a Vietnamese mobile number (e.g. 0912345678 or +84912345678)"
        )
    return "+84" + match.group(1)
