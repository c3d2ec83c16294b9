"""Device proof of a device-bound ticket (DOSIPAS-style second level).

The phone signs, with its P-256 key (ES256), ``b"vexe-pop-v1" || ticket signature (64 bytes) ||
step (8 bytes, big-endian)`` where ``step = floor(unix_time / 30)``. The proof segment is
base64url(step mod 65536 as 2 bytes || r || s): 88 characters. The ticket's ``k`` claim is the key
thumbprint: base64url(SHA-256(compressed SEC 1 point)[:12]).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from ticketing.tickets.compact import b64url_decode, b64url_encode
from ticketing.tickets.errors import TicketCodeError
from ticketing.tickets.p256 import recover_candidates

STEP_S = 30
PROOF_CONTEXT = b"vexe-pop-v1"
PROOF_SEGMENT_LENGTH = 88
_STEP_WRAP = 1 << 16


def step_at(at: datetime) -> int:
    return int(at.timestamp()) // STEP_S


def proof_message(ticket_signature: bytes, step: int) -> bytes:
    return PROOF_CONTEXT + ticket_signature + step.to_bytes(8, "big")


def thumbprint(compressed_point: bytes) -> str:
    """The ``k`` claim for a phone key given as a compressed SEC 1 P-256 point (33 bytes)."""
    if len(compressed_point) != 33 or compressed_point[0] not in (2, 3):
        raise ValueError("a compressed P-256 point is 33 bytes starting with 02 or 03")
    return b64url_encode(hashlib.sha256(compressed_point).digest()[:12])


def encode_proof(step: int, r: int, s: int) -> str:
    raw = (step % _STEP_WRAP).to_bytes(2, "big") + r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return b64url_encode(raw)


def _full_step(low: int, now_step: int) -> int:
    """The step nearest to ``now_step`` whose low 16 bits are ``low``."""
    delta = (low - now_step) % _STEP_WRAP
    if delta >= _STEP_WRAP // 2:
        delta -= _STEP_WRAP
    return now_step + delta


def verify_proof(
    ticket_signature: bytes, segment: bytes, key_thumbprint: str, now: datetime, tolerance_s: int
) -> int:
    """The verified step, or ``proof_invalid`` / ``proof_stale``."""
    if len(segment) != PROOF_SEGMENT_LENGTH:
        raise TicketCodeError("proof_invalid", "proof has the wrong length")
    try:
        raw = b64url_decode(segment, "proof")
    except TicketCodeError:
        raise TicketCodeError("proof_invalid", "proof is not base64url") from None
    now_step = step_at(now)
    step = _full_step(int.from_bytes(raw[:2], "big"), now_step)
    r, s = int.from_bytes(raw[2:34], "big"), int.from_bytes(raw[34:66], "big")
    message = proof_message(ticket_signature, step)
    digest = hashlib.sha256(message).digest()
    point = next((c for c in recover_candidates(digest, r, s) if thumbprint(c) == key_thumbprint), None)
    if point is None:
        raise TicketCodeError("proof_invalid", "proof is not signed by the ticket's device key")
    public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    try:
        public_key.verify(encode_dss_signature(r, s), message, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise TicketCodeError("proof_invalid", "proof signature does not verify") from None
    tolerance_steps = max(1, -(-tolerance_s // STEP_S))
    if abs(step - now_step) > tolerance_steps:
        raise TicketCodeError("proof_stale", f"proof is for a step {step - now_step:+d} from now")
    return step
