"""Reference phone side of a device-bound ticket: what a rider app does, in plain Python.

The app keeps a P-256 key in secure hardware, registers its public JWK, and every 30 seconds shows
``ticket~proof`` where the proof is an ES256 signature over the ticket signature and the current
step (docs/phone-presentation.md). Used by tests and by ``vexe tickets present``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from ticketing.tickets.compact import b64url_decode, b64url_encode
from ticketing.tickets.device_key import compressed_point
from ticketing.tickets.proof import encode_proof, proof_message, step_at, thumbprint


class PhoneKey:
    def __init__(self, private_key: ec.EllipticCurvePrivateKey) -> None:
        if not isinstance(private_key.curve, ec.SECP256R1):
            raise ValueError("phone keys are P-256")
        self._private = private_key

    @classmethod
    def generate(cls) -> PhoneKey:
        return cls(ec.generate_private_key(ec.SECP256R1()))

    @classmethod
    def from_pem(cls, pem: bytes) -> PhoneKey:
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError("not an EC private key")
        return cls(key)

    def to_pem(self) -> bytes:
        return self._private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    def public_jwk(self) -> dict[str, Any]:
        """What the app registers with the server."""
        numbers = self._private.public_key().public_numbers()
        return {
            "kty": "EC",
            "crv": "P-256",
            "x": b64url_encode(numbers.x.to_bytes(32, "big")),
            "y": b64url_encode(numbers.y.to_bytes(32, "big")),
        }

    @property
    def thumbprint(self) -> str:
        return thumbprint(compressed_point(self._private.public_key()))

    def proof(self, ticket_code: str, at: datetime, *, step: int | None = None) -> str:
        """The proof segment for ``at`` (or an explicit ``step``, for tests of stale proofs)."""
        signature = b64url_decode(ticket_code.split(".")[2].encode("ascii"), "signature")
        current = step_at(at) if step is None else step
        der = self._private.sign(proof_message(signature, current), ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        return encode_proof(current, r, s)

    def present(self, ticket_code: str, at: datetime) -> str:
        """The exact QR payload the app shows during the 30-second step containing ``at``."""
        return f"{ticket_code}~{self.proof(ticket_code, at)}"
