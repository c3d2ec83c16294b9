"""The issuer key ring: key metadata in the database, private keys in a vault, JWKS for readers.

Keys have a not-before and a not-after. New tickets are signed by the newest usable key whose
not-after covers the ticket; older keys keep verifying until their not-after (overlap during a
rotation); a retired key verifies nothing and leaves the JWKS.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import Conflict, InvalidInput, NotFound, Unavailable
from ticketing.db.models.tickets import IssuerKeyRow
from ticketing.service.tickets.vault import PrivateKeyVault
from ticketing.tickets.compact import b64url_decode, b64url_encode
from ticketing.tickets.ids import KID_PATTERN, new_kid
from ticketing.tickets.keyset import IssuerKey, IssuerKeySet

DEFAULT_KEY_LIFETIME = timedelta(days=400)


@dataclass(frozen=True, slots=True)
class KeyInfo:
    kid: str
    not_before: datetime
    not_after: datetime
    retired_at: datetime | None
    storage: str
    created_at: datetime
    created_by: str

    def state_at(self, at: datetime) -> str:
        if self.retired_at is not None:
            return "retired"
        if at < self.not_before:
            return "pending"
        if at >= self.not_after:
            return "expired"
        return "active"

    def as_dict(self, at: datetime) -> dict[str, Any]:
        return {
            "kid": self.kid,
            "state": self.state_at(at),
            "not_before": self.not_before,
            "not_after": self.not_after,
            "retired_at": self.retired_at,
            "storage": self.storage,
            "created_at": self.created_at,
            "created_by": self.created_by,
        }


@dataclass(frozen=True, slots=True)
class SigningKey:
    kid: str
    private_key: Ed25519PrivateKey


def _info(row: IssuerKeyRow) -> KeyInfo:
    return KeyInfo(
        kid=row.kid,
        not_before=row.not_before,
        not_after=row.not_after,
        retired_at=row.retired_at,
        storage=row.storage,
        created_at=row.created_at,
        created_by=row.created_by,
    )


def _public(row: IssuerKeyRow) -> IssuerKey:
    raw = b64url_decode(row.public_key.encode("ascii"), "public key")
    return IssuerKey(
        kid=row.kid,
        public_key=Ed25519PublicKey.from_public_bytes(raw),
        not_before=row.not_before,
        not_after=row.not_after,
        retired=row.retired_at is not None,
    )


class IssuerKeyRing:
    """The ``issuer_keys`` port. ``auto_create`` (embedded default only) makes a first key on use."""

    def __init__(
        self,
        vault: PrivateKeyVault,
        *,
        auto_create: bool = False,
        key_lifetime: timedelta = DEFAULT_KEY_LIFETIME,
        readable: Sequence[PrivateKeyVault] = (),
    ) -> None:
        """``vault`` stores new keys; ``readable`` vaults may also open older keys (development:
        file keys made before a KEK was configured)."""
        self.vault = vault
        self.auto_create = auto_create
        self.key_lifetime = key_lifetime
        self._vaults = {v.storage: v for v in (*readable, vault)}
        self._private: dict[str, Ed25519PrivateKey] = {}

    async def create(
        self,
        session: AsyncSession,
        clock: Clock,
        *,
        actor: str,
        not_before: datetime | None = None,
        lifetime: timedelta | None = None,
        kid: str | None = None,
    ) -> KeyInfo:
        now = clock.now()
        start = not_before or now
        end = start + (lifetime or self.key_lifetime)
        if end <= now:
            raise InvalidInput("key_window_invalid", "a new key must end in the future")
        kid = kid or new_kid()
        if not KID_PATTERN.match(kid):
            raise InvalidInput("kid_invalid", "a kid is 1-16 letters, digits, '_' or '-'")
        if await session.get(IssuerKeyRow, kid) is not None:
            raise Conflict("kid_exists", f"issuer key {kid} exists")
        private = Ed25519PrivateKey.generate()
        public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        row = IssuerKeyRow(
            kid=kid,
            public_key=b64url_encode(public),
            storage=self.vault.storage,
            private_key_enc=self.vault.seal(kid, private),
            not_before=start,
            not_after=end,
            retired_at=None,
            retired_reason=None,
            created_at=now,
            created_by=actor,
        )
        session.add(row)
        await session.flush()
        self._private[kid] = private
        return _info(row)

    async def rotate(
        self,
        session: AsyncSession,
        clock: Clock,
        *,
        actor: str,
        activate_in: timedelta = timedelta(0),
        lifetime: timedelta | None = None,
    ) -> KeyInfo:
        """A new key that signs from ``now + activate_in``; earlier keys verify until their not-after.

        Publishing the new key ahead (``activate_in`` > 0) lets readers fetch it before any ticket
        is signed with it."""
        return await self.create(
            session, clock, actor=actor, not_before=clock.now() + activate_in, lifetime=lifetime
        )

    async def retire(
        self, session: AsyncSession, clock: Clock, *, kid: str, actor: str, reason: str
    ) -> KeyInfo:
        row = await session.get(IssuerKeyRow, kid)
        if row is None:
            raise NotFound("issuer_key_unknown", f"no issuer key {kid!r}")
        if row.retired_at is None:
            row.retired_at = clock.now()
            row.retired_reason = f"{actor}: {reason}"[:500]
            await session.flush()
        self._private.pop(kid, None)
        return _info(row)

    async def list_keys(self, session: AsyncSession) -> list[KeyInfo]:
        rows = await session.scalars(select(IssuerKeyRow).order_by(IssuerKeyRow.not_before, IssuerKeyRow.kid))
        return [_info(row) for row in rows]

    async def key_set(self, session: AsyncSession, at: datetime) -> IssuerKeySet:
        return await published_key_set(session, at)

    async def jwks(self, session: AsyncSession, at: datetime) -> dict[str, Any]:
        return (await published_key_set(session, at)).to_jwks()

    async def ensure_signing_key(self, session: AsyncSession, clock: Clock) -> KeyInfo | None:
        """Embedded default: make the first key if none can sign now (so readers can fetch a JWKS
        before the first sale). Returns the new key, or None when nothing was needed or allowed."""
        if not self.auto_create:
            return None
        now = clock.now()
        usable = await session.scalar(
            select(IssuerKeyRow.kid)
            .where(
                IssuerKeyRow.retired_at.is_(None),
                IssuerKeyRow.not_before <= now,
                IssuerKeyRow.not_after > now,
            )
            .limit(1)
        )
        if usable is not None:
            return None
        return await self.create(session, clock, actor="system:first-use")

    async def signing_key(self, session: AsyncSession, clock: Clock, *, covers_until: datetime) -> SigningKey:
        now = clock.now()
        row = await session.scalar(
            select(IssuerKeyRow)
            .where(
                IssuerKeyRow.retired_at.is_(None),
                IssuerKeyRow.not_before <= now,
                IssuerKeyRow.not_after > now,
                IssuerKeyRow.not_after >= covers_until,
            )
            .order_by(IssuerKeyRow.not_before.desc(), IssuerKeyRow.kid.desc())
            .limit(1)
        )
        if row is None:
            if not self.auto_create:
                raise Unavailable(
                    "no_signing_key",
                    "no issuer key can sign this ticket: create one with `vexe keys create`",
                )
            info = await self.create(session, clock, actor="system:first-use")
            return SigningKey(info.kid, self._private[info.kid])
        private = self._private.get(row.kid)
        if private is None:
            vault = self._vaults.get(row.storage)
            if vault is None:
                raise Unavailable(
                    "issuer_key_unreadable", f"issuer key {row.kid} is kept in {row.storage!r} storage"
                )
            private = vault.open(row.kid, row.private_key_enc)
            self._private[row.kid] = private
        return SigningKey(row.kid, private)


async def published_key_set(session: AsyncSession, at: datetime) -> IssuerKeySet:
    """Published keys at ``at``: not retired and not past their not-after (pending ones included,
    so readers hold a rotated-in key before the first ticket signed with it)."""
    rows = await session.scalars(
        select(IssuerKeyRow)
        .where(IssuerKeyRow.retired_at.is_(None), IssuerKeyRow.not_after > at)
        .order_by(IssuerKeyRow.not_before, IssuerKeyRow.kid)
    )
    return IssuerKeySet(_public(row) for row in rows)


async def jwks(session: AsyncSession, at: datetime) -> dict[str, Any]:
    """The published issuer keys as a JWKS document: public data only, no vault needed."""
    return (await published_key_set(session, at)).to_jwks()
