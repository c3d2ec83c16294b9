"""The fare feed in force, for the rider routers."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.clock import Clock
from ticketing.core.errors import NotFound, Unavailable
from ticketing.fares.feed import Feed
from ticketing.service.fare_catalog import feed_in_force


async def current_feed(session: AsyncSession, clock: Clock) -> Feed:
    """The feed in force now; none yet is 503 (the service is not ready), not 404."""
    try:
        return await feed_in_force(session, clock.now())
    except NotFound:
        raise Unavailable(
            "fare_feed_unavailable", "no fare feed is active; an operator must publish one"
        ) from None
