"""Rider phone keys (P-256): parsing what an app registers and computing the ``k`` thumbprint."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from ticketing.tickets.compact import b64url_decode
from ticketing.tickets.errors import TicketCodeError
from ticketing.tickets.proof import thumbprint


def compressed_point(public_key: ec.EllipticCurvePublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint)


def public_key_from_jwk(jwk: Mapping[str, Any]) -> ec.EllipticCurvePublicKey:
    """A P-256 public JWK (kty EC, crv P-256, x, y) as apps export it; ValueError when it is not."""
    if jwk.get("kty") != "EC" or jwk.get("crv") != "P-256":
        raise ValueError("device keys are P-256 JWKs (kty EC, crv P-256)")
    if "d" in jwk:
        raise ValueError("send the public key only: the JWK has a private part")
    try:
        x = b64url_decode(str(jwk.get("x", "")).encode("ascii"), "x")
        y = b64url_decode(str(jwk.get("y", "")).encode("ascii"), "y")
    except (TicketCodeError, UnicodeEncodeError):
        raise ValueError("x and y must be base64url") from None
    if len(x) != 32 or len(y) != 32:
        raise ValueError("x and y are 32 bytes each")
    # from_encoded_point checks that the point is on the curve.
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b"\x04" + x + y)


def jwk_thumbprint(jwk: Mapping[str, Any]) -> str:
    return thumbprint(compressed_point(public_key_from_jwk(jwk)))
