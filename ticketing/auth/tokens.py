"""Short-lived access tokens for staff and riders (EdDSA JWTs, keys separate from ticket keys)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ticketing.core.clock import Clock
from ticketing.core.errors import Unauthenticated

Audience = Literal["staff", "rider"]
ISSUER = "vexe"
CLOCK_LEEWAY_S = 5
REGISTERED_CLAIMS = frozenset({"iss", "aud", "sub", "iat", "exp", "jti"})


@dataclass(frozen=True, slots=True)
class AccessClaims:
    subject: str
    audience: Audience
    issued_at: datetime
    expires_at: datetime
    token_id: str
    extra: dict[str, Any]


class AccessTokenSigner:
    def __init__(self, private_key: Ed25519PrivateKey, clock: Clock, ttl_s: int) -> None:
        self._private = private_key
        self._public: Ed25519PublicKey = private_key.public_key()
        self._clock = clock
        self._ttl_s = ttl_s

    @classmethod
    def from_pem(cls, pem: bytes, clock: Clock, ttl_s: int) -> AccessTokenSigner:
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the auth signing key must be an Ed25519 private key in PEM")
        return cls(key, clock, ttl_s)

    @property
    def ttl_s(self) -> int:
        return self._ttl_s

    def issue(self, subject: str, audience: Audience, **extra: Any) -> str:
        clash = sorted(REGISTERED_CLAIMS & extra.keys())
        if clash:  # e.g. a caller's "exp" would silently extend the token's life
            raise ValueError(f"extra claims may not override {', '.join(clash)}")
        now = self._clock.now()
        claims: dict[str, Any] = {
            "iss": ISSUER,
            "aud": audience,
            "sub": subject,
            "iat": int(now.timestamp()),
            "exp": int((now + timedelta(seconds=self._ttl_s)).timestamp()),
            "jti": secrets.token_urlsafe(12),
            **extra,
        }
        return jwt.encode(claims, self._private, algorithm="EdDSA", headers={"typ": "at+jwt"})

    def verify(self, token: str, audience: Audience) -> AccessClaims:
        if len(token) > 4096:
            raise Unauthenticated("token_invalid", "access token too long")
        try:
            header = jwt.get_unverified_header(token)
            if header.get("typ") != "at+jwt":
                raise Unauthenticated("token_invalid", "not an access token")
            claims = jwt.decode(
                token,
                self._public,
                algorithms=["EdDSA"],
                audience=audience,
                issuer=ISSUER,
                leeway=CLOCK_LEEWAY_S,
                options={"require": ["exp", "iat", "sub", "aud", "iss", "jti"], "verify_exp": False},
            )
        except Unauthenticated:
            raise
        except jwt.PyJWTError as exc:
            raise Unauthenticated("token_invalid", f"access token rejected: {exc}") from None
        now = int(self._clock.now().timestamp())
        if int(claims["exp"]) + CLOCK_LEEWAY_S <= now:
            raise Unauthenticated("token_expired", "access token expired")
        known = REGISTERED_CLAIMS
        return AccessClaims(
            subject=str(claims["sub"]),
            audience=audience,
            issued_at=datetime.fromtimestamp(int(claims["iat"]), tz=self._clock.now().tzinfo),
            expires_at=datetime.fromtimestamp(int(claims["exp"]), tz=self._clock.now().tzinfo),
            token_id=str(claims["jti"]),
            extra={k: v for k, v in claims.items() if k not in known},
        )
