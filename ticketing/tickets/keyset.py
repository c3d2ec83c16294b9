"""Issuer public keys as validators hold them: JWKS in, verification keys by ``kid`` out.

Each key has a not-before and a not-after (``nbf``/``exp`` members, Unix seconds) and may be
marked retired (``retired: true``). A ticket verifies only under a key that is known, not retired
and inside its window at verification time; two keys overlap during a rotation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ticketing.tickets.compact import b64url_decode, b64url_encode
from ticketing.tickets.errors import TicketCodeError
from ticketing.tickets.ids import KID_PATTERN


@dataclass(frozen=True, slots=True)
class IssuerKey:
    kid: str
    public_key: Ed25519PublicKey
    not_before: datetime
    not_after: datetime
    retired: bool = False

    def usable_at(self, at: datetime, slack: timedelta = timedelta(0)) -> bool:
        return not self.retired and self.not_before - slack <= at < self.not_after + slack

    @property
    def public_bytes(self) -> bytes:
        return self.public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    def to_jwk(self) -> dict[str, Any]:
        jwk: dict[str, Any] = {
            "kty": "OKP",
            "crv": "Ed25519",
            "x": b64url_encode(self.public_bytes),
            "kid": self.kid,
            "alg": "EdDSA",
            "use": "sig",
            "nbf": int(self.not_before.timestamp()),
            "exp": int(self.not_after.timestamp()),
        }
        if self.retired:
            jwk["retired"] = True
        return jwk

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> IssuerKey:
        if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
            raise ValueError("issuer keys are Ed25519 (kty OKP, crv Ed25519)")
        if jwk.get("alg", "EdDSA") != "EdDSA" or jwk.get("use", "sig") != "sig":
            raise ValueError("issuer keys sign with EdDSA")
        kid, x = jwk.get("kid"), jwk.get("x")
        if not isinstance(kid, str) or not KID_PATTERN.match(kid):
            raise ValueError(f"bad kid {str(kid)[:20]!r}")
        if not isinstance(x, str):
            raise ValueError(f"key {kid}: missing x")
        try:
            raw = b64url_decode(x.encode("ascii"), "x")
        except (TicketCodeError, UnicodeEncodeError):
            raise ValueError(f"key {kid}: x is not base64url") from None
        if len(raw) != 32:
            raise ValueError(f"key {kid}: x is not 32 bytes")
        nbf, exp = jwk.get("nbf"), jwk.get("exp")
        if not isinstance(nbf, int) or not isinstance(exp, int) or isinstance(nbf, bool) or exp <= nbf:
            raise ValueError(f"key {kid}: nbf/exp must be integers with nbf < exp")
        return cls(
            kid=kid,
            public_key=Ed25519PublicKey.from_public_bytes(raw),
            not_before=datetime.fromtimestamp(nbf, UTC),
            not_after=datetime.fromtimestamp(exp, UTC),
            retired=jwk.get("retired") is True,
        )


class IssuerKeySet:
    """The verification keys a validator trusts, by kid."""

    def __init__(self, keys: Iterable[IssuerKey]) -> None:
        self._keys: dict[str, IssuerKey] = {}
        for key in keys:
            if key.kid in self._keys:
                raise ValueError(f"duplicate kid {key.kid}")
            self._keys[key.kid] = key

    @classmethod
    def from_jwks(cls, jwks: Mapping[str, Any]) -> IssuerKeySet:
        """Build from a JWKS document; a malformed key makes the whole set invalid (ValueError)."""
        keys = jwks.get("keys")
        if not isinstance(keys, list):
            raise ValueError("a JWKS has a 'keys' list")
        return cls(IssuerKey.from_jwk(jwk) for jwk in keys)

    def to_jwks(self) -> dict[str, Any]:
        return {"keys": [key.to_jwk() for key in self._keys.values()]}

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, kid: object) -> bool:
        return kid in self._keys

    def kids(self) -> list[str]:
        return list(self._keys)

    def key_for(self, kid: str, at: datetime, slack: timedelta = timedelta(0)) -> IssuerKey:
        """The key to verify under, or ``unknown_key`` (absent, retired or outside its window,
        widened by ``slack`` for reader clock skew)."""
        key = self._keys.get(kid)
        if key is None:
            raise TicketCodeError("unknown_key", "no issuer key with this kid")
        if key.retired:
            raise TicketCodeError("unknown_key", f"issuer key {kid} is retired")
        if not key.usable_at(at, slack):
            raise TicketCodeError("unknown_key", f"issuer key {kid} is outside its validity window")
        return key
