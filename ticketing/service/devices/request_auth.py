"""Device-signed request tokens: short-lived EdDSA JWTs with a nonce checked against replay.

Header ``Authorization: Device <jwt>``; header ``typ`` ``dev+jwt``; claims ``iss``/``sub`` (the
device id), ``aud`` ``vexe-device-api``, ``iat``, ``exp`` (at most 300 s after ``iat``), ``jti``
(nonce), ``htm`` (method) and ``htu`` (path). See docs/sync-protocol.md.
"""

from __future__ import annotations

import base64
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.cache.port import KeyValueStore
from ticketing.core.clock import Clock
from ticketing.core.errors import Forbidden, Unauthenticated
from ticketing.db.models.devices import Device

TOKEN_TYPE = "dev+jwt"  # noqa: S105 - a media type name
AUDIENCE = "vexe-device-api"
MAX_TTL_S = 300
# How far a device clock (corrected by its last sync) may be from ours.
MAX_SKEW_S = 300
MAX_TOKEN_CHARS = 2048


def _claims_unverified(token: str) -> dict[str, Any]:
    try:
        header = jwt.get_unverified_header(token)
        if header.get("typ") != TOKEN_TYPE or header.get("alg") != "EdDSA":
            raise Unauthenticated("device_token_invalid", "not a device request token")
        claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise Unauthenticated("device_token_invalid", f"device token unreadable: {exc}") from None
    return claims


async def authenticate_device(
    session: AsyncSession,
    kv: KeyValueStore,
    clock: Clock,
    *,
    device_id: str,
    authorization: str | None,
    method: str,
    path: str,
) -> Device:
    """The device named in the path, proven by a fresh token signed with its enrolled key."""
    if not authorization or not authorization.startswith("Device "):
        raise Unauthenticated("device_token_missing", "Authorization: Device <jwt> is required")
    token = authorization[len("Device "):].strip()
    if len(token) > MAX_TOKEN_CHARS:
        raise Unauthenticated("device_token_invalid", "device token too long")
    unverified = _claims_unverified(token)
    signer = str(unverified.get("iss", ""))
    device = await session.get(Device, signer) if signer else None
    if device is None or device.public_key is None or device.disabled_at is not None:
        raise Unauthenticated("device_unknown", "the token names no enrolled device")
    raw = base64.urlsafe_b64decode(device.public_key + "=" * (-len(device.public_key) % 4))
    try:
        claims = jwt.decode(
            token,
            Ed25519PublicKey.from_public_bytes(raw),
            algorithms=["EdDSA"],
            audience=AUDIENCE,
            issuer=signer,
            options={"require": ["iss", "aud", "iat", "exp", "jti", "htm", "htu"],
                     "verify_exp": False, "verify_iat": False},
        )
    except jwt.PyJWTError as exc:
        raise Unauthenticated("device_token_invalid", f"device token rejected: {exc}") from None
    now = int(clock.now().timestamp())
    iat, exp = int(claims["iat"]), int(claims["exp"])
    if exp - iat > MAX_TTL_S or exp <= iat:
        raise Unauthenticated("device_token_invalid", f"token lifetime must be 1-{MAX_TTL_S} s")
    if abs(iat - now) > MAX_SKEW_S or exp + MAX_SKEW_S < now:
        raise Unauthenticated("device_token_expired", "device token is expired or from the future")
    if claims["htm"] != method.upper() or claims["htu"] != path:
        raise Unauthenticated("device_token_invalid", "token was made for another request")
    if signer != device_id:
        raise Forbidden("device_mismatch", "a device may only use its own endpoints")
    ttl = max(1, exp + MAX_SKEW_S - now)
    fresh = await kv.set_if_absent(f"device-nonce:{signer}:{claims['jti']}", "1", ttl)
    if not fresh:
        raise Unauthenticated("request_replayed", "this device request was already used")
    return device
