"""The CCCD list a reader's snapshot carries: a random salt per snapshot version (kept so taps
made with it can be checked later) and every registered card's salted hash."""

from __future__ import annotations

import base64
import secrets
from collections import OrderedDict

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.admission.cccd import salted_hash
from ticketing.admission.model import CccdList
from ticketing.core.clock import Clock
from ticketing.db.models.cccd import CccdCard, CccdSalt
from ticketing.service.cccd.registry import reader_key

SALT_BYTES = 16


async def salt_for(session: AsyncSession, clock: Clock, version: int) -> bytes:
    """The salt of a snapshot version, made on first use (two devices at once agree on one)."""
    row = await session.get(CccdSalt, version)
    if row is None:
        try:
            async with session.begin_nested():
                row = CccdSalt(
                    snapshot_version=version,
                    salt=base64.b64encode(secrets.token_bytes(SALT_BYTES)).decode("ascii"),
                    created_at=clock.now(),
                )
                session.add(row)
        except IntegrityError:
            row = await session.get(CccdSalt, version, populate_existing=True)
            assert row is not None  # the concurrent insert that won
    return base64.b64decode(row.salt)


async def known_salt(session: AsyncSession, version: int) -> bytes | None:
    row = await session.get(CccdSalt, version)
    return base64.b64decode(row.salt) if row is not None else None


# Salted lists by (version, registry fingerprint): every device syncing the same version shares one.
_lists: OrderedDict[tuple[int, int, str], CccdList] = OrderedDict()
_LISTS_KEPT = 4


async def cccd_list(
    session: AsyncSession, clock: Clock, secret: bytes | None, version: int
) -> CccdList | None:
    """None when no CCCD secret is configured (readers then refuse every card)."""
    if not secret:
        return None
    salt = await salt_for(session, clock, version)
    count, latest = (
        await session.execute(sa.select(sa.func.count(), sa.func.max(CccdCard.registered_at)))
    ).one()
    key = (version, int(count), str(latest))
    key_for_readers = reader_key(secret)
    found = _lists.get(key)
    if found is None or found.salt != salt or found.reader_key != key_for_readers:
        hashes = (await session.scalars(sa.select(CccdCard.number_hash))).all()
        found = CccdList(version, key_for_readers, salt, frozenset(salted_hash(salt, h) for h in hashes))
        _lists[key] = found
        while len(_lists) > _LISTS_KEPT:
            _lists.popitem(last=False)
    return found
