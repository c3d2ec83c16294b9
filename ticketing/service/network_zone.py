"""The network's time zone: the ``agency_timezone`` of the fare feed in force."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from ticketing.core.errors import NotFound
from ticketing.core.timefmt import DEFAULT_NETWORK_ZONE
from ticketing.service.fare_catalog import feed_in_force


async def network_zone(session: AsyncSession, at: datetime) -> ZoneInfo:
    """The zone of the feed in force at ``at``; Asia/Ho_Chi_Minh before any feed is active."""
    try:
        return (await feed_in_force(session, at)).timezone
    except NotFound:
        return DEFAULT_NETWORK_ZONE
