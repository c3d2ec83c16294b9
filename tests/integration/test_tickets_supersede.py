"""Supersede entries on the versioned deny-list (both databases): deltas, upgrade to a full deny."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import FixedClock
from ticketing.service.tickets import (
    current_version,
    deny,
    denylist_since,
    is_denied,
    list_denylist,
    prune_denylist,
    supersede,
)

T, U = "SSSSSSSSSSSS", "DDDDDDDDDDDD"


async def test_supersede_deltas_and_upgrade_to_full_deny(session: AsyncSession, clock: FixedClock) -> None:
    now = clock.now()
    start, end, old_end = now, now + timedelta(days=7), now + timedelta(days=30)
    v0 = await current_version(session)
    v1 = await supersede(session, clock, ticket_id=T, valid_from=start, valid_until=end,
                         expires_at=old_end, reason="activated in the app", actor="rider:r")
    assert v1 == v0 + 1
    again = await supersede(session, clock, ticket_id=T, valid_from=start, valid_until=end,
                            expires_at=old_end, reason="x", actor="x")
    assert again == v1  # idempotent
    assert not await is_denied(session, T)  # the current code is still good
    full = await denylist_since(session, 0)
    assert (T, start, end) in full.superseded
    assert T not in [t for t, _ in full.added]
    delta = await denylist_since(session, v0)
    assert (delta.added, delta.superseded, delta.removed) == ([], [(T, start, end)], [])
    items = [i for i in await list_denylist(session) if i.ticket_id == T]
    assert items[0].current_window == (start, end)

    v2 = await deny(session, clock, ticket_id=U, expires_at=end, reason="fraud", actor="a")
    v3 = await deny(session, clock, ticket_id=T, expires_at=end, reason="refund", actor="a")
    assert (v2, v3) == (v1 + 1, v1 + 2)  # a full deny replaces the supersede entry, new version
    assert await deny(session, clock, ticket_id=T, expires_at=end, reason="x", actor="a") == v3
    assert await supersede(session, clock, ticket_id=T, valid_from=start, valid_until=end,
                           expires_at=end, reason="x", actor="x") == v3  # never back to supersede
    assert await is_denied(session, T)
    upgraded = await denylist_since(session, v1)
    assert dict(upgraded.added) == {U: end, T: old_end}  # keeps the longer expiry
    assert upgraded.superseded == []
    assert (await denylist_since(session, v0)).superseded == []
    full = await denylist_since(session, 0)
    assert T in dict(full.added)
    assert full.superseded == []

    clock.advance(timedelta(days=31, hours=2))
    assert set(await prune_denylist(session, clock)) >= {T, U}
    assert T in (await denylist_since(session, v3)).removed


async def test_a_superseded_ticket_is_pruned_when_the_old_code_ends(
    session: AsyncSession, clock: FixedClock
) -> None:
    now = clock.now()
    v = await supersede(session, clock, ticket_id=T, valid_from=now, valid_until=now + timedelta(days=1),
                        expires_at=now + timedelta(days=2), reason="activated", actor="a")
    clock.advance(timedelta(days=2, minutes=30))
    assert T not in await prune_denylist(session, clock)  # within the grace
    clock.advance(timedelta(hours=1))
    assert T in await prune_denylist(session, clock)
    delta = await denylist_since(session, v)
    assert (delta.removed, delta.superseded) == ([T], [])
