"""Issuer key rotation, retirement and storage on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.support.tickets import TEST_KEK, encrypted_ring, hanoi_in_force
from ticketing.core.clock import FixedClock
from ticketing.core.errors import Unavailable
from ticketing.db.models.tickets import IssuerKeyRow
from ticketing.service.tickets import EncryptedVault, IssuedTicket, IssuerKeyRing, issue_ticket, jwks
from ticketing.tickets import IssuerKeySet, TicketRejection, new_ticket_id, verify_presentation


async def sell(
    session: AsyncSession, clock: FixedClock, ring: IssuerKeyRing, product: str = "bus_single_8000"
) -> IssuedTicket:
    return await issue_ticket(
        session,
        clock,
        ring,
        ticket_id=new_ticket_id(),
        fare_product_id=product,
        rider_category_id="pho_thong",
        fare_media_id=None,
        valid_from=None,
        holder_id=None,
        order_id=None,
        device_key_id=None,
        actor="test",
        reason="test",
    )


async def verdict(session: AsyncSession, clock: FixedClock, code: str) -> str:
    keys = IssuerKeySet.from_jwks(await jwks(session, clock.now()))
    result = verify_presentation(code, keys, clock.now())
    return result.reason if isinstance(result, TicketRejection) else "accepted"


async def test_rotation_overlap_and_retirement(session: AsyncSession, clock: FixedClock) -> None:
    await hanoi_in_force(session, clock)
    ring = encrypted_ring()
    old = await ring.create(session, clock, actor="admin", lifetime=timedelta(days=3))
    before = await sell(session, clock, ring)
    assert before.kid == old.kid

    new = await ring.rotate(session, clock, actor="admin", activate_in=timedelta(hours=2))
    published = [k["kid"] for k in (await jwks(session, clock.now()))["keys"]]
    assert published == [old.kid, new.kid]  # the new key is published before it signs
    assert (await sell(session, clock, ring)).kid == old.kid

    clock.advance(timedelta(hours=3))
    after = await sell(session, clock, ring)
    assert after.kid == new.kid
    assert await verdict(session, clock, before.code) == "accepted"  # old key verifies until not-after
    assert await verdict(session, clock, after.code) == "accepted"

    # a product longer than the old key's life is never signed by it
    assert (await sell(session, clock, ring, "m2a_month")).kid == new.kid

    await ring.retire(session, clock, kid=old.kid, actor="admin", reason="compromised laptop")
    assert await verdict(session, clock, before.code) == "unknown_key"
    assert await verdict(session, clock, after.code) == "accepted"
    assert [k["kid"] for k in (await jwks(session, clock.now()))["keys"]] == [new.kid]
    listed = {k.kid: k.state_at(clock.now()) for k in await ring.list_keys(session)}
    assert listed == {old.kid: "retired", new.kid: "active"}


async def test_a_key_past_its_not_after_verifies_nothing(session: AsyncSession, clock: FixedClock) -> None:
    await hanoi_in_force(session, clock)
    ring = encrypted_ring()
    key = await ring.create(session, clock, actor="admin", lifetime=timedelta(days=2))
    ticket = await sell(session, clock, ring)
    stale_keys = IssuerKeySet.from_jwks(await jwks(session, clock.now()))
    clock.advance(timedelta(days=2, minutes=3))
    result = verify_presentation(ticket.code, stale_keys, clock.now())
    assert isinstance(result, TicketRejection)
    assert result.reason == "unknown_key"
    assert key.kid not in {k["kid"] for k in (await jwks(session, clock.now()))["keys"]}
    with pytest.raises(Unavailable, match="no_signing_key"):
        await sell(session, clock, ring)


async def test_private_keys_are_encrypted_at_rest(session: AsyncSession, clock: FixedClock) -> None:
    await hanoi_in_force(session, clock)
    ring = encrypted_ring()
    key = await ring.create(session, clock, actor="admin")
    row = await session.scalar(select(IssuerKeyRow).where(IssuerKeyRow.kid == key.kid))
    assert row is not None
    assert row.storage == "db"
    assert row.private_key_enc is not None
    assert row.private_key_enc.startswith("v1:")
    # another process with the same KEK signs; one with a wrong KEK cannot
    assert (await sell(session, clock, IssuerKeyRing(EncryptedVault(TEST_KEK)))).kid == key.kid
    wrong = IssuerKeyRing(EncryptedVault("another-key-encryption-key-0123456789"))
    with pytest.raises(Unavailable, match="issuer_key_unreadable"):
        await sell(session, clock, wrong)
    with pytest.raises(ValueError, match="at least"):
        EncryptedVault("short")
