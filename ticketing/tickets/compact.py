"""Payload bytes of a ticket: a format-version byte, then the claims JSON, raw-DEFLATE compressed.

The compressor starts from a preset dictionary (fixed per format version) that holds the claim
skeleton and words common in fare ids, so short claim sets shrink by a third; any id still
encodes, just less tightly. Inflating is bounded, and happens only after the signature checks.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from typing import Any

from ticketing.tickets.errors import TicketCodeError

# Format v1 dictionary: never change it (a new dictionary needs a new format version).
DICTIONARY_V1 = (
    b"single ride zone normal route interline brt day week month pass app card cash bus metro "
    b"multimodal m2a_ m3_ tramoc_ cemv cccd hanoi_metro_app nguoi_cao_tuoi nguoi_khuyet_tat "
    b"nguoi_co_cong tre_em_duoi_6 ho_ngheo uu_tien pho_thong area_2a_area_3_s"
    b',"r":1,"a":,"o":"","x":"","k":"'
    b'{"i":"","p":"bus_single_","c":"","f":,"d":1440,"m":"'
)
MAX_CLAIMS_BYTES = 512
_B64URL = re.compile(rb"^[A-Za-z0-9_-]*$")


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(segment: bytes, what: str) -> bytes:
    """Strict base64url: url-safe alphabet, no padding, canonical trailing bits."""
    if not _B64URL.match(segment) or len(segment) % 4 == 1:
        raise TicketCodeError("malformed", f"{what} is not base64url")
    try:
        data = base64.urlsafe_b64decode(segment + b"=" * (-len(segment) % 4))
    except (binascii.Error, ValueError):
        raise TicketCodeError("malformed", f"{what} is not base64url") from None
    if b64url_encode(data).encode("ascii") != segment:
        raise TicketCodeError("malformed", f"{what} is not canonical base64url")
    return data


def pack_claims(wire: dict[str, Any], version: int = 1) -> bytes:
    if version != 1:
        raise ValueError(f"unknown ticket format version {version}")
    text = json.dumps(wire, separators=(",", ":"), ensure_ascii=True).encode("ascii")
    # A 1 KiB window holds the dictionary and any claim set; the stream inflates with any window.
    compressor = zlib.compressobj(9, zlib.DEFLATED, -10, 1, zlib.Z_DEFAULT_STRATEGY, DICTIONARY_V1)
    return bytes([version]) + compressor.compress(text) + compressor.flush()


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise TicketCodeError("malformed", f"claim {key!r} appears twice")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise TicketCodeError("malformed", f"{name} is not allowed in claims")


def unpack_claims(payload: bytes) -> Any:
    """The claims JSON value of a signed payload (not yet checked against the claim schema)."""
    if not payload:
        raise TicketCodeError("malformed", "empty payload")
    if payload[0] != 1:
        raise TicketCodeError("unsupported_version", f"ticket format version {payload[0]} is not supported")
    inflater = zlib.decompressobj(-15, zdict=DICTIONARY_V1)
    try:
        text = inflater.decompress(payload[1:], MAX_CLAIMS_BYTES)
    except zlib.error:
        raise TicketCodeError("malformed", "payload does not inflate") from None
    if inflater.unconsumed_tail or not inflater.eof or inflater.unused_data:
        raise TicketCodeError("malformed", "payload is truncated, oversized or has trailing bytes")
    try:
        return json.loads(
            text.decode("ascii"), object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant
        )
    except (UnicodeDecodeError, ValueError):
        raise TicketCodeError("malformed", "claims are not ASCII JSON") from None
