"""The deny-list's versions, deltas and pruning on both databases."""

from __future__ import annotations

import random
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
)


async def test_delta_queries_and_pruning(session: AsyncSession, clock: FixedClock) -> None:
    v0 = await current_version(session)
    soon, later = clock.now() + timedelta(hours=2), clock.now() + timedelta(days=30)
    v1 = await deny(session, clock, ticket_id="AAAAAAAAAAAA", expires_at=soon, reason="fraud", actor="a")
    v2 = await deny(session, clock, ticket_id="BBBBBBBBBBBB", expires_at=later, reason="refund", actor="a")
    assert (v1, v2) == (v0 + 1, v0 + 2)
    assert await deny(session, clock, ticket_id="AAAAAAAAAAAA", expires_at=soon, reason="x", actor="a") == v1

    full = await denylist_since(session, 0)
    assert full.full
    assert full.version == v2
    assert [t for t, _ in full.added][-2:] == ["AAAAAAAAAAAA", "BBBBBBBBBBBB"]
    delta = await denylist_since(session, v1)
    assert (delta.added, delta.removed, delta.full) == ([("BBBBBBBBBBBB", later)], [], False)
    assert (await denylist_since(session, v2)).added == []

    clock.advance(timedelta(hours=2, minutes=30))
    assert await prune_denylist(session, clock) == []  # within the grace after validity ends
    clock.advance(timedelta(hours=1))
    assert await prune_denylist(session, clock) == ["AAAAAAAAAAAA"]
    assert not await is_denied(session, "AAAAAAAAAAAA")
    assert await is_denied(session, "BBBBBBBBBBBB")
    after_prune = await denylist_since(session, v2)
    assert (after_prune.added, after_prune.removed, after_prune.version) == ([], ["AAAAAAAAAAAA"], v2 + 1)
    # a reader at v1 gets the net change: B added, A removed
    since_v1 = await denylist_since(session, v1)
    assert (since_v1.added, since_v1.removed) == ([("BBBBBBBBBBBB", later)], ["AAAAAAAAAAAA"])
    # a full list no longer holds the pruned entry
    assert "AAAAAAAAAAAA" not in {t for t, _ in (await denylist_since(session, 0)).added}
    page = await list_denylist(session, limit=1, after_version=v1)
    assert [i.ticket_id for i in page] == ["BBBBBBBBBBBB"]
    # a reader ahead of the server (restored database) is told to replace its list
    assert (await denylist_since(session, v2 + 100)).full


async def test_readers_that_apply_deltas_converge(session: AsyncSession, clock: FixedClock) -> None:
    """Random adds and prunes with readers syncing at random moments: every reader ends up with
    exactly the server's list, whatever version it started from."""
    rng = random.Random(20251014)
    readers: list[tuple[int, set[str]]] = [(0, set()) for _ in range(4)]
    for step in range(40):
        if rng.random() < 0.6:
            ticket_id = f"{step:012d}"
            expires = clock.now() + timedelta(minutes=rng.randint(1, 180))
            await deny(session, clock, ticket_id=ticket_id, expires_at=expires, reason="r", actor="a")
        else:
            clock.advance(timedelta(minutes=rng.randint(10, 90)))
            await prune_denylist(session, clock)
        index = rng.randrange(len(readers))
        version, held = readers[index]
        delta = await denylist_since(session, version)
        held = (
            {t for t, _ in delta.added}
            if delta.full
            else (held - set(delta.removed)) | {t for t, _ in delta.added}
        )
        readers[index] = (delta.version, held)
    server = {t for t, _ in (await denylist_since(session, 0)).added}
    for version, held in readers:
        delta = await denylist_since(session, version)
        final = (
            {t for t, _ in delta.added}
            if delta.full
            else (held - set(delta.removed)) | {t for t, _ in delta.added}
        )
        assert final == server
