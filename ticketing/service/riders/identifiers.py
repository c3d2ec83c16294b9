"""Rider login identifiers: an e-mail address or a Vietnamese mobile number (stored as E.164).

What a rider types is folded first (NFKC: full-width digits and letters become ASCII), so every
spelling of one identifier finds the same account — and :func:`throttle_identity` gives every
spelling the same rate-limit key.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

from ticketing.core.errors import InvalidInput
from ticketing.core.identity_text import fold_identity

_EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})+$")
# Vietnamese mobile numbers: the nine digits after the country code 84 start 3, 5, 7, 8 or 9
# (national form 03…, 05…, 07…, 08…, 09…).
VN_REGION = "VN"
_VN_COUNTRY_CODE = 84
_VN_MOBILE_NATIONAL = re.compile(r"^[35789]\d{8}$")
_PHONE_PUNCTUATION = re.compile(r"[\s.\-()]")


def normalize_email(text: str) -> str:
    value = unicodedata.normalize("NFKC", text).strip().lower()
    if len(value) > 254 or not _EMAIL.match(value):
        raise InvalidInput("email_invalid", "not a valid e-mail address")
    return value


def normalize_phone(text: str) -> str:
    """E.164 (``+84912345678``) of a Vietnamese mobile number in any usual spelling: ``0912 345
    678``, ``+84 91 234 5678``, ``84912345678``, ``0084…``, full-width digits."""
    folded = unicodedata.normalize("NFKC", text).strip()
    try:
        number = phonenumbers.parse(folded, VN_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if (
        number is None
        or number.country_code != _VN_COUNTRY_CODE
        or number.italian_leading_zero
        or not _VN_MOBILE_NATIONAL.match(str(number.national_number))
    ):
        raise InvalidInput(
            "phone_invalid", "not a Vietnamese mobile number (e.g. 0912345678 or +84912345678)"
        )
    return f"+{_VN_COUNTRY_CODE}{number.national_number}"


def throttle_identity(email: str | None, phone: str | None) -> str:
    """The rate-limit key of a login or registration attempt: the normalised identifier when it is
    valid (so every spelling of an account counts together), else the folded text."""
    try:
        if email is not None:
            return "email:" + normalize_email(email)
        if phone is not None:
            return "phone:" + normalize_phone(phone)
    except InvalidInput:
        pass
    if phone is not None:
        return "phone?:" + _PHONE_PUNCTUATION.sub("", fold_identity(phone))
    return "email?:" + fold_identity(email or "")
