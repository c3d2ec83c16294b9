"""Ticket codes: JWS compact serialisation (PyJWT), EdDSA, a ``kid`` header, compressed v1 claims.

A static ticket is ``header.payload.signature``; a device-bound presentation appends
``~proof`` (see proof.py). Parsing is strict and bounded: an input above ``MAX_CODE_LENGTH`` is
refused before anything is decoded, and every failure has a typed reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm
from jwt.api_jws import PyJWS

from ticketing.tickets.claims import TicketClaims, from_wire, to_wire
from ticketing.tickets.compact import b64url_decode, pack_claims, unpack_claims
from ticketing.tickets.errors import TicketCodeError
from ticketing.tickets.ids import KID_PATTERN
from ticketing.tickets.keyset import IssuerKeySet

ALGORITHM = "EdDSA"
MAX_CODE_LENGTH = 512
PROOF_SEPARATOR = b"~"
_JWS = PyJWS(algorithms=[ALGORITHM])
_EDDSA = OKPAlgorithm()  # PyJWT's EdDSA: open_ticket accepts no other algorithm
_VISIBLE_ASCII = bytes(range(0x21, 0x7F))


def sign_ticket(claims: TicketClaims, private_key: Ed25519PrivateKey, kid: str) -> str:
    """The exact QR payload of a static ticket."""
    if not KID_PATTERN.match(kid):
        raise ValueError(f"bad kid {kid!r}")
    payload = pack_claims(to_wire(claims), claims.version)
    return _JWS.encode(payload, private_key, algorithm=ALGORITHM, headers={"kid": kid, "typ": None})


@dataclass(frozen=True, slots=True)
class SignedTicket:
    claims: TicketClaims
    kid: str
    signature: bytes
    proof: bytes | None  # the proof segment when one was presented (may be empty)


def _json_object(raw: bytes, what: str) -> dict[str, Any]:
    try:
        value = json.loads(raw.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        raise TicketCodeError("malformed", f"{what} is not ASCII JSON") from None
    if not isinstance(value, dict):
        raise TicketCodeError("malformed", f"{what} is not a JSON object")
    return value


def _as_bytes(code: str | bytes) -> bytes:
    if isinstance(code, str):
        if not code.isascii():
            raise TicketCodeError("malformed", "code has non-ASCII characters")
        return code.encode("ascii")
    return bytes(code)


def split_presentation(code: str | bytes) -> tuple[bytes, bytes | None]:
    """(ticket JWS, proof segment or None), after the size limit and character checks."""
    if len(code) > MAX_CODE_LENGTH:
        raise TicketCodeError("malformed", f"code longer than {MAX_CODE_LENGTH} characters")
    data = _as_bytes(code).strip()
    if not data or data.translate(None, _VISIBLE_ASCII):
        raise TicketCodeError("malformed", "code is empty or has control or binary characters")
    ticket, sep, proof = data.partition(PROOF_SEPARATOR)
    if PROOF_SEPARATOR in proof:
        raise TicketCodeError("malformed", "more than one proof separator")
    return ticket, (proof if sep else None)


def open_ticket(
    code: str | bytes, keys: IssuerKeySet, now: datetime, tolerance: timedelta = timedelta(0)
) -> SignedTicket:
    """Check structure, header, key and signature; return the claims (validity not yet checked).

    ``tolerance`` widens each key's window for reader clock skew."""
    ticket, proof = split_presentation(code)
    parts = ticket.split(b".")
    if len(parts) != 3:
        raise TicketCodeError("malformed", "a ticket has three dot-separated segments")
    header = _json_object(b64url_decode(parts[0], "header"), "header")
    if header.get("alg") != ALGORITHM:
        raise TicketCodeError("bad_signature", f"algorithm {str(header.get('alg'))[:16]!r} is not accepted")
    if set(header) != {"alg", "kid"}:
        raise TicketCodeError("malformed", "header must hold exactly alg and kid")
    kid = header["kid"]
    if not isinstance(kid, str) or not KID_PATTERN.match(kid):
        raise TicketCodeError("unknown_key", "kid is not a key id")
    key = keys.key_for(kid, now, tolerance)
    signature = b64url_decode(parts[2], "signature")
    payload = b64url_decode(parts[1], "payload")
    if len(signature) != 64:
        raise TicketCodeError("malformed", "an Ed25519 signature is 64 bytes")
    signing_input = ticket[: len(parts[0]) + 1 + len(parts[1])]
    if not _EDDSA.verify(signing_input, key.public_key, signature):
        raise TicketCodeError("bad_signature", "signature does not verify")
    claims = from_wire(unpack_claims(payload))
    return SignedTicket(claims=claims, kid=kid, signature=signature, proof=proof)
